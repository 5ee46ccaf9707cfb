package io.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.model.Metric;
import io.vigil.model.RunStatus;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import io.vigil.server.store.NewRun;
import io.vigil.server.store.TrackingStore;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcTrackingStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's model registry pages in a real browser, set up as {@link BrowserIT}: runs are
 * seeded through the store, the registry through its REST API. The first test sees the empty
 * registry; the next ones register models.
 */
@ExtendWith(ModelsPageBrowserIT.ScreenshotOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelsPageBrowserIT {
  static final String XSS = "<img src=x onerror=alert(1)>";
  static final String MODEL = "churn-classifier";

  static Path dir;
  static VigilServer server;
  static WebDriver driver;
  static final List<String> runs = new ArrayList<>();
  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper json = new ObjectMapper();
  static boolean registrySeeded;

  @BeforeAll
  static void setUp() throws Exception {
    Browsers.requireInstalled();
    dir = Files.createTempDirectory("vigil-models-browser-it");
    Path db = dir.resolve("vigil.db");
    try (TrackingStore store = new JdbcTrackingStore(Database.openSqlite(db), dir.resolve("a").toString(), Clock.systemUTC())) {
      String exp = store.createExperiment("churn", null, List.of());
      for (int i = 0; i < 2; i++) {
        long t0 = 1_700_000_000_000L + i * 60_000L;
        String id = store.createRun(new NewRun(exp, "tester", t0, "train-" + i, List.of())).info().runId();
        // Latest values: auc 0.81 / 0.87, loss 0.25 / 0.125.
        store.logBatch(id, List.of(new Metric("auc", 0.5, t0, 0), new Metric("auc", i == 0 ? 0.81 : 0.87, t0 + 1, 1),
            new Metric("loss", 1.0, t0, 0), new Metric("loss", i == 0 ? 0.25 : 0.125, t0 + 1, 1)), List.of(), List.of());
        store.updateRun(id, RunStatus.FINISHED, t0 + 30_000L, null);
        runs.add(id);
      }
    }
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + db.toAbsolutePath(), dir.resolve("a").toString())).start();

    driver = Browsers.start(dir);
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (driver != null) driver.quit();
    if (server != null) server.close();
  }

  @AfterEach
  void browserConsoleHasNoErrors() {
    if (driver == null) return;
    List<LogEntry> severe = Browsers.consoleErrors(driver, e -> false);
    assertThat(severe).as("browser console errors").isEmpty();
    Browsers.assertNoAlert(driver);
  }


  // ------------------------------------------------------------------ helpers

  static int navigations;

  static void open(String hash) {
    driver.get(server.url() + "/?nav=" + (++navigations) + hash);
  }

  static WebDriverWait waitUp(int seconds) {
    return Browsers.waitUp(driver, seconds);
  }

  static WebElement find(String css) {
    return waitUp(15).until(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
  }

  static JsonNode post(String path, Map<String, Object> body) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(server.url() + path))
        .header("Content-Type", "application/json").header("X-Vigil-User", "alice")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
    HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as("POST %s: %s", path, res.body()).isEqualTo(200);
    return json.readTree(res.body());
  }

  static synchronized void seedRegistry() throws Exception {
    if (registrySeeded) return;
    String mlflow = "/api/2.0/mlflow";
    post(mlflow + "/registered-models/create", Map.of("name", MODEL, "description", "Predicts churn"));
    for (String run : runs) {
      post(mlflow + "/model-versions/create", Map.of("name", MODEL, "source", "runs:/" + run + "/model", "run_id", run));
    }
    post(mlflow + "/model-versions/set-tag", Map.of("name", MODEL, "version", "2", "key", "vigil.gate", "value", "passed"));
    post(mlflow + "/registered-models/alias", Map.of("name", MODEL, "alias", "champion", "version", "1", "reason", "first release"));
    post(mlflow + "/registered-models/alias", Map.of("name", MODEL, "alias", "champion", "version", "2", "reason", "better auc"));
    post(mlflow + "/registered-models/create", Map.of("name", XSS, "description", XSS + "<script>alert(2)</script>"));
    registrySeeded = true;
  }

  // ------------------------------------------------------------------ tests

  @Test
  @Order(1)
  void emptyRegistry_explainsHowToRegister() {
    open("#/models");
    WebElement empty = find("#models-empty");
    assertThat(empty.getText()).contains("mlflow.register_model").contains("vigil models register");
    assertThat(driver.findElement(By.cssSelector("[data-nav='models']")).getAttribute("class")).contains("active");
  }

  @Test
  @Order(2)
  void modelsList_thenModelPage_showsVersionsMetricsAliasesAndHistory() throws Exception {
    seedRegistry();
    open("#/models");
    WebElement row = find("#models tr[data-model='" + MODEL + "']");
    assertThat(row.getText()).contains(MODEL).contains("v2").contains("@champion → v2").contains("Predicts churn");

    row.findElement(By.cssSelector("a")).click();
    WebElement page = waitUp(15).until(d -> d.findElements(By.cssSelector("#model-page[data-ready='1']")).stream().findFirst().orElse(null));
    assertThat(driver.getCurrentUrl()).endsWith("#/models/" + MODEL);
    assertThat(page.findElement(By.id("model-name")).getText()).isEqualTo(MODEL);

    List<WebElement> versions = driver.findElements(By.cssSelector("#versions tbody tr"));
    assertThat(versions).hasSize(2);
    WebElement v1 = driver.findElement(By.cssSelector("#versions tr[data-version='1']"));
    WebElement v2 = driver.findElement(By.cssSelector("#versions tr[data-version='2']"));
    assertThat(v1.findElement(By.cssSelector("td[data-metric='auc']")).getText()).isEqualTo("0.81");
    assertThat(v1.findElement(By.cssSelector("td[data-metric='loss']")).getText()).isEqualTo("0.25");
    assertThat(v2.findElement(By.cssSelector("td[data-metric='auc']")).getText()).isEqualTo("0.87");
    assertThat(v2.findElement(By.cssSelector("td[data-metric='loss']")).getText()).isEqualTo("0.125");
    assertThat(v1.findElement(By.cssSelector("a[data-run]")).getAttribute("href")).endsWith("#/runs/" + runs.get(0));
    assertThat(v1.getText()).contains("train-0").contains("None").doesNotContain("@champion");
    assertThat(v2.getText()).contains("train-1").contains("@champion");
    assertThat(v2.findElement(By.cssSelector("td[data-gate]")).getText()).isEqualTo("passed");
    assertThat(v1.findElement(By.cssSelector("td[data-gate]")).getText()).isEqualTo("—");

    assertThat(driver.findElement(By.id("aliases")).getText()).contains("@champion → v2");
    List<WebElement> moves = driver.findElements(By.cssSelector("#alias-history tbody tr"));
    assertThat(moves).hasSize(2);
    assertThat(moves.get(0).getText()).contains("@champion").contains("v1 → v2").contains("alice").contains("better auc");
    assertThat(moves.get(1).getText()).contains("@champion").contains("— → v1").contains("first release");

    // The run link opens the run page.
    v2.findElement(By.cssSelector("a[data-run]")).click();
    WebElement h1 = find("#run-name");
    assertThat(h1.getText()).isEqualTo("train-1");
  }

  @Test
  @Order(3)
  void modelNamesAndDescriptions_areShownAsText_neverAsHtml() throws Exception {
    seedRegistry();
    open("#/models");
    WebElement table = find("#models");
    waitUp(10).until(d -> table.getText().contains(XSS));
    assertThat(table.getText()).contains(XSS + "<script>alert(2)</script>");
    assertThat(driver.findElements(By.cssSelector("main img, #models script"))).isEmpty();
    table.findElements(By.cssSelector("a")).stream().filter(a -> a.getText().equals(XSS)).findFirst().orElseThrow().click();
    find("#model-page[data-ready='1']");
    assertThat(driver.findElement(By.id("model-name")).getText()).isEqualTo(XSS);
    assertThat(driver.findElement(By.id("model-description")).getText()).isEqualTo(XSS + "<script>alert(2)</script>");
    assertThat(driver.findElement(By.id("alias-history")).getText()).contains("No alias");
    assertThat(driver.findElements(By.cssSelector("main img, #model-page script"))).isEmpty();
    Browsers.assertNoAlert(driver);
  }

  /** Saves a screenshot of the browser under target/browser-failures/ when a test fails. */
  static final class ScreenshotOnFailure implements TestWatcher {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      Browsers.screenshot(driver, "models-" + context.getRequiredTestMethod().getName());
    }
  }
}
