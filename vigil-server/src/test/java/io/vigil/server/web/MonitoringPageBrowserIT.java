package io.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The monitoring pages in a real browser (same setup as {@link BrowserIT}): a server with a test
 * clock, a monitor whose feature {@code x} shifts in windows 2-4, closed windows computed by
 * {@code monitors().tick()}; the list shows the model, the model page its charts, drift heatmap
 * and alerts, without console errors.
 */
class MonitoringPageBrowserIT {
  static final long HOUR = 3_600_000L;
  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final ObjectMapper M = new ObjectMapper();

  static Path dir;
  static VigilServer server;
  static WebDriver driver;
  static final TestClock clock = new TestClock(T0);
  static final HttpClient http = HttpClient.newHttpClient();

  static final class TestClock extends Clock {
    volatile long millis;

    TestClock(long millis) {
      this.millis = millis;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  @BeforeAll
  static void setUp() throws Exception {
    Browsers.requireInstalled();
    dir = Files.createTempDirectory("vigil-monitor-browser-it");
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("vigil.db").toAbsolutePath(),
        dir.resolve("a").toString()), clock).start();
    seed();

    driver = Browsers.start(dir);
  }

  static void send(String method, String path, Object body) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(M.writeValueAsString(body))).build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 201);
  }

  static void seed() throws Exception {
    send("PUT", "/api/vigil/monitors/fraud", Map.of(
        "task", "binary", "window", "1h", "metrics", List.of("accuracy", "f1"), "positive_label", 1,
        "features", Map.of("x", "numeric", "city", "categorical"), "drift", Map.of("p_value", 0.01),
        "alerts", List.of(Map.of("name", "accuracy-low", "metric", "accuracy", "op", "below", "threshold", 0.8, "for", 2),
            Map.of("name", "drift", "metric", "drift_share", "op", "above", "threshold", 0.4))));
    Random rnd = new Random(7);
    String[] cities = {"Oslo", "Rome", "Lima"};
    List<Map<String, Object>> reference = new ArrayList<>();
    for (int i = 0; i < 600; i++) reference.add(Map.of("x", rnd.nextGaussian(), "city", cities[i % 3]));
    send("PUT", "/api/vigil/monitors/fraud/reference", reference);
    int n = 200;
    for (int w = 0; w < 5; w++) {
      boolean shifted = w >= 2;
      List<Object> preds = new ArrayList<>();
      List<Object> outcomes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String id = w + "-" + i;
        int prediction = rnd.nextBoolean() ? 1 : 0;
        boolean correct = rnd.nextDouble() < (shifted ? 0.6 : 0.95);
        preds.add(Map.of("id", id, "timestamp", T0 + w * HOUR + i * 10_000L, "model_version", "1",
            "features", Map.of("x", rnd.nextGaussian() + (shifted ? 2.0 : 0.0), "city", cities[i % 3]), "prediction", prediction));
        if (i % 4 != 0) outcomes.add(Map.of("id", id, "label", correct ? prediction : 1 - prediction));
      }
      clock.millis = T0 + w * HOUR + 30 * 60_000L;
      send("POST", "/api/vigil/monitors/fraud/predictions", preds);
      send("POST", "/api/vigil/monitors/fraud/outcomes", outcomes);
      clock.millis = T0 + (w + 1) * HOUR + 60_000L;
      server.monitors().tick();
    }
    // A second monitor without data: its page shows the empty states.
    send("PUT", "/api/vigil/monitors/quiet", Map.of("task", "regression", "window", "15m"));
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (driver != null) driver.quit();
    if (server != null) server.close();
  }

  static WebDriverWait waitUp(int seconds) {
    return Browsers.waitUp(driver, seconds);
  }

  static void assertNoConsoleErrors() {
    List<LogEntry> severe = Browsers.consoleErrors(driver, e -> false);
    assertThat(severe).as("browser console errors").isEmpty();
    Browsers.assertNoAlert(driver);
  }

  @Test
  void listAndModelPage() {
    driver.get(server.url() + "/?nav=1#/monitoring");
    WebElement row = waitUp(20).until(d -> d.findElements(By.cssSelector("#monitors tr[data-model='fraud']")).stream()
        .findFirst().orElse(null));
    assertThat(row.getText()).contains("fraud", "binary", "1h", "accuracy", "accuracy-low");
    assertThat(row.findElements(By.cssSelector(".state"))).hasSize(2);
    assertThat(driver.findElement(By.cssSelector("#monitors tr[data-model='quiet']")).getText()).contains("regression", "no rules");
    assertThat(driver.findElement(By.cssSelector(".topbar a[data-nav='monitoring']")).getAttribute("class")).contains("active");
    assertNoConsoleErrors();

    row.findElement(By.linkText("fraud")).click();
    waitUp(20).until(d -> d.findElements(By.cssSelector("#metric-charts .chart[data-ready='1']")).size() == 2
        && d.findElements(By.cssSelector("#traffic-charts .chart[data-ready='1']")).size() == 2);
    assertThat(driver.findElements(By.cssSelector("#metric-charts canvas"))).isNotEmpty();
    assertThat(driver.findElement(By.id("prediction-charts")).getText()).contains("score (mean)", "No scores yet");
    assertThat(driver.findElement(By.cssSelector("#metric-charts .chart[data-metric='accuracy']")).getAttribute("data-points"))
        .isEqualTo("5");
    WebElement drift = driver.findElement(By.id("drift"));
    assertThat(drift.findElements(By.cssSelector("tbody tr"))).hasSize(2);
    assertThat(drift.findElements(By.cssSelector("thead th"))).hasSize(1 + 5);
    List<WebElement> xCells = drift.findElements(By.cssSelector("tr[data-feature='x'] td"));
    assertThat(xCells).hasSize(5);
    assertThat(xCells.get(0).getAttribute("data-drifted")).isEqualTo("0");
    assertThat(xCells.get(3).getAttribute("data-drifted")).isEqualTo("1");
    assertThat(xCells.get(3).getText()).contains("▲");
    assertThat(xCells.get(3).getAttribute("style")).contains("background");
    WebElement alerts = driver.findElement(By.id("alerts"));
    assertThat(alerts.findElement(By.cssSelector("tr[data-rule='accuracy-low'] .state")).getText()).isEqualTo("firing");
    assertThat(driver.findElements(By.cssSelector("#alert-history tbody tr"))).isNotEmpty();
    assertThat(driver.findElement(By.id("alert-history")).getText()).contains("pending", "firing");
    assertNoConsoleErrors();

    // The empty states of a monitor without data, and of a model without a monitor.
    driver.get(server.url() + "/?nav=2#/monitoring/quiet");
    waitUp(20).until(d -> !d.findElements(By.id("windows-empty")).isEmpty());
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("quiet");
    assertThat(driver.findElements(By.id("drift-empty"))).hasSize(1);
    assertThat(driver.findElements(By.id("alerts-empty"))).hasSize(1);
    assertNoConsoleErrors();
  }
}
