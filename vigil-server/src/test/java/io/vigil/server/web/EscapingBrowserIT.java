package io.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;

/**
 * Every user-supplied string the dashboard shows is text, on every page: experiment, run, model and
 * monitor-feature names, params, tags, users, descriptions, alias reasons, and names taken from the
 * address itself carry markup that would run a script ({@code <img onerror>}, {@code <script>}, a
 * quote that closes an attribute). Each page must show the literal string, create no element or
 * event-handler attribute from it, and open no alert. (Metric, param and tag keys, monitor model and
 * alert-rule names are restricted to safe characters by the server, so they cannot carry markup.)
 */
@ExtendWith(EscapingBrowserIT.ScreenshotOnFailure.class)
class EscapingBrowserIT {
  static final long HOUR = 3_600_000L;
  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final MonitoringPageBrowserIT.TestClock clock = new MonitoringPageBrowserIT.TestClock(T0);

  static Path dir;
  static VigilServer server;
  static WebDriver driver;
  static String experiment;
  static final List<String> runs = new ArrayList<>();

  /** Markup that would run {@code alert(where)} if it were parsed as HTML, in or out of an attribute. */
  static String xss(String where) {
    return "\"'><img src=x onerror=alert('" + where + "')><script>alert('" + where + "')</script>";
  }

  static final String EXPERIMENT = xss("experiment");
  static final String RUN = xss("run");
  static final String PARAM = xss("param");
  static final String TAG = xss("tag");
  static final String USER = xss("user");
  static final String MODEL = xss("model") + " <b>bold</b>";
  static final String MODEL_DESCRIPTION = xss("model-description");
  static final String VERSION_SOURCE = xss("source");
  static final String GATE = xss("gate");
  static final String REASON = xss("reason");
  static final String FEATURE = xss("feature");

  @BeforeAll
  static void setUp() throws Exception {
    Browsers.requireInstalled();
    dir = Files.createTempDirectory("vigil-escaping-browser-it");
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("vigil.db").toAbsolutePath(),
        dir.resolve("a").toString()), clock).start();
    seedTracking();
    seedRegistry();
    seedMonitor();
    driver = Browsers.start(dir);
  }

  static JsonNode send(String method, String path, Object body) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", "application/json")
        .header("X-Vigil-User", "tester")
        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 201);
    return JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
  }

  static void seedTracking() throws Exception {
    String mlflow = "/api/2.0/mlflow";
    experiment = send("POST", mlflow + "/experiments/create", Map.of("name", EXPERIMENT)).path("experiment_id").asText();
    for (int i = 0; i < 2; i++) {
      String run = send("POST", mlflow + "/runs/create", Map.of("experiment_id", experiment, "run_name", i == 0 ? RUN : "plain-run",
          "user_id", USER, "start_time", T0 + i)).path("run").path("info").path("run_id").asText();
      runs.add(run);
      List<Map<String, Object>> metrics = new ArrayList<>();
      for (int s = 0; s < 20; s++) metrics.add(Map.of("key", "loss", "value", 1.0 / (s + 1 + i), "timestamp", T0 + s, "step", s));
      send("POST", mlflow + "/runs/log-batch", Map.of("run_id", run, "metrics", metrics,
          "params", List.of(Map.of("key", "note", "value", i == 0 ? PARAM : "plain"), Map.of("key", "lr", "value", "0.0" + (i + 1))),
          "tags", List.of(Map.of("key", "comment", "value", TAG))));
    }
  }

  static void seedRegistry() throws Exception {
    String mlflow = "/api/2.0/mlflow";
    send("POST", mlflow + "/registered-models/create", Map.of("name", MODEL, "description", MODEL_DESCRIPTION));
    send("POST", mlflow + "/model-versions/create", Map.of("name", MODEL, "source", VERSION_SOURCE, "run_id", runs.get(0)));
    send("POST", mlflow + "/model-versions/set-tag", Map.of("name", MODEL, "version", "1", "key", "vigil.gate", "value", GATE));
    send("POST", mlflow + "/registered-models/alias", Map.of("name", MODEL, "alias", "champion", "version", "1", "reason", REASON));
  }

  static void seedMonitor() throws Exception {
    send("PUT", "/api/vigil/monitors/scorer", Map.of("task", "regression", "window", "1h", "metrics", List.of("mae"),
        "features", Map.of(FEATURE, "numeric")));
    List<Map<String, Object>> reference = new ArrayList<>();
    for (int i = 0; i < 100; i++) reference.add(Map.of(FEATURE, i % 10));
    send("PUT", "/api/vigil/monitors/scorer/reference", reference);
    List<Map<String, Object>> predictions = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      predictions.add(Map.of("id", "p" + i, "timestamp", T0 + i * 1000L, "model_version", "1",
          "features", Map.of(FEATURE, 50 + i % 10), "prediction", 1.0));
    }
    clock.millis = T0 + 30 * 60_000L;
    send("POST", "/api/vigil/monitors/scorer/predictions", predictions);
    clock.millis = T0 + HOUR + 60_000L;
    server.monitors().tick();
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (driver != null) driver.quit();
    if (server != null) server.close();
  }

  @AfterEach
  void browserConsoleHasNoErrors() {
    if (driver == null) return;
    // The pages opened at made-up names answer 404 on purpose; Chromium logs every failed fetch.
    List<LogEntry> severe = Browsers.consoleErrors(driver, e -> e.getMessage().contains("status of 404"));
    assertThat(severe).as("browser console errors").isEmpty();
    Browsers.assertNoAlert(driver);
  }

  // ------------------------------------------------------------------ helpers

  static int navigations;

  static void open(String hash) {
    driver.get(server.url() + "/?nav=" + (++navigations) + hash);
  }

  static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  static WebElement find(String css) {
    return Browsers.waitUp(driver, 20).until(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
  }

  static String text(String css) {
    return (String) js("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css);
  }

  /**
   * The page shows every one of {@code strings} as text inside {@code css}, and nothing parsed from
   * data: no img, script, iframe, object or embed in the app, no inline event-handler attribute anywhere
   * (the dashboard adds its listeners with addEventListener), and no alert.
   */
  static void assertShownAsText(String css, String... strings) {
    Browsers.waitUp(driver, 20).until(d -> {
      String t = text(css);
      return t != null && java.util.Arrays.stream(strings).allMatch(t::contains);
    });
    assertThat(driver.findElements(By.cssSelector("#app img, #app script, #app iframe, #app object, #app embed, #app image")))
        .as("elements made from data").isEmpty();
    Object handlers = js("return Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes)"
        + ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name + '=' + a.value));");
    assertThat((List<?>) handlers).as("inline event handlers").isEmpty();
    Browsers.assertNoAlert(driver);
  }

  static String hashPath(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  // ------------------------------------------------------------------ tests

  @Test
  void experimentsList() {
    open("#/");
    find("#experiments tr[data-experiment='" + experiment + "']");
    assertShownAsText("#experiments", EXPERIMENT);
  }

  @Test
  void runsTable_andItsChartLegend() {
    open("#/experiments/" + experiment + "?cols=a:name,a:user,p:note&metric=loss&sel=" + String.join(",", runs));
    find("#runs-box[data-ready='1']");
    find("#runs-chart[data-ready='1']");
    assertShownAsText("#runs", RUN, USER, PARAM);
    assertShownAsText("#runs-chart .legend", RUN);
  }

  @Test
  void runPage() {
    open("#/runs/" + runs.get(0));
    find("[data-chart='loss'] .legend .item");
    assertThat(driver.findElement(By.id("run-name")).getText()).isEqualTo(RUN);
    assertShownAsText("#app", RUN, PARAM, TAG, USER);
  }

  @Test
  void comparePage_tableAndParallelCoordinates() {
    open("#/compare?runs=" + String.join(",", runs) + "&exp=" + experiment);
    find("#compare");
    find("#parcoords polyline");
    assertShownAsText("#compare", RUN, PARAM, USER);
    // The categorical param's value is an axis label of the SVG; the run name a line's tooltip.
    assertShownAsText("#parcoords", PARAM, RUN);
  }

  @Test
  void modelsList_andModelPage() {
    open("#/models");
    find("#models");
    assertShownAsText("#models", MODEL, MODEL_DESCRIPTION);
    open("#/models/" + hashPath(MODEL));
    find("#model-page[data-ready='1']");
    assertThat(driver.findElement(By.id("model-name")).getText()).isEqualTo(MODEL);
    assertShownAsText("#model-page", MODEL, MODEL_DESCRIPTION, VERSION_SOURCE, GATE, RUN, REASON);
    assertThat(driver.findElements(By.cssSelector("#app b"))).isEmpty();
  }

  @Test
  void monitoringList_andMonitorPage() {
    open("#/monitoring");
    find("#monitors tr[data-model='scorer']");
    assertShownAsText("#monitors", FEATURE);
    open("#/monitoring/scorer");
    find("#drift");
    assertShownAsText("#drift", FEATURE);
    assertShownAsText("#app", FEATURE);
  }

  @Test
  void namesTakenFromTheAddress() {
    String name = xss("address");
    open("#/monitoring/" + hashPath(name));
    find(".empty");
    assertShownAsText("#app", name);
    open("#/models/" + hashPath(name));
    find("#app .error");
    assertShownAsText("#app", name);
    open("#/runs/" + hashPath(name));
    find("#app .error");
    assertShownAsText("#app", name);
  }

  /** Saves a screenshot of the browser under target/browser-failures/ when a test fails. */
  static final class ScreenshotOnFailure implements TestWatcher {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      Browsers.screenshot(driver, "escaping-" + context.getRequiredTestMethod().getName());
    }
  }
}
