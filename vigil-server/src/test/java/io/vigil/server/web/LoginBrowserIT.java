package io.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import io.vigil.server.auth.AuthService;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcUserStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
 * The dashboard's sign-in against a server with --auth (default permission READ) and two users: the
 * admin alice, who owns two experiments, and bob, granted NONE on one of them. The form appears
 * instead of the browser's own credential dialog; a wrong password or token is refused in the form;
 * after sign-in bob sees only what he may read, a reload keeps the session (sessionStorage), a 403 is
 * shown as a permission message, and signing out returns to the form.
 */
@ExtendWith(LoginBrowserIT.ScreenshotOnFailure.class)
class LoginBrowserIT {
  static final String PASSWORD = "login-browser-1";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static Path dir;
  static VigilServer server;
  static WebDriver driver;
  static String bobsToken;
  static String bobsTokenId;
  static String sharedExp;
  static String secretExp;
  static String secretRun;

  @BeforeAll
  static void setUp() throws Exception {
    Browsers.requireInstalled();
    System.setProperty("vigil.auth.failureDelayMillis", "20");
    dir = Files.createTempDirectory("vigil-login-browser-it");
    Path db = dir.resolve("vigil.db");
    try (Database d = Database.openSqlite(db, true)) {
      AuthService auth = new AuthService(new JdbcUserStore(d), Clock.systemUTC(), Duration.ZERO);
      auth.createUser("alice", PASSWORD.toCharArray(), true);
      auth.createUser("bob", PASSWORD.toCharArray(), false);
      AuthService.NewToken token = auth.createToken("bob", "browser", null);
      bobsToken = token.secret();
      bobsTokenId = token.token().id();
    }
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + db.toAbsolutePath(),
        dir.resolve("a").toString()).withAuth(), Clock.systemUTC()).start();
    sharedExp = asAlice("/api/2.0/mlflow/experiments/create", "{\"name\":\"shared-exp\"}").path("experiment_id").asText();
    secretExp = asAlice("/api/2.0/mlflow/experiments/create", "{\"name\":\"secret-exp\"}").path("experiment_id").asText();
    secretRun = asAlice("/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"" + secretExp + "\",\"run_name\":\"hidden-run\"}")
        .path("run").path("info").path("run_id").asText();
    asAlice("/api/vigil/experiments/" + secretExp + "/permissions", "{\"username\":\"bob\",\"permission\":\"NONE\"}");

    driver = Browsers.start(dir);
  }

  static JsonNode asAlice(String path, String body) throws Exception {
    return asAlice("POST", path, body);
  }

  static JsonNode asAlice(String method, String path, String body) throws Exception {
    String basic = "Basic " + Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
        .header("Authorization", basic).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (driver != null) driver.quit();
    if (server != null) server.close();
    System.clearProperty("vigil.auth.failureDelayMillis");
  }

  /** Every test starts signed out. */
  @BeforeEach
  void signedOut() {
    driver.get(server.url() + "/?fresh=1");
    js("sessionStorage.clear(); localStorage.removeItem('vigil.session');");
  }

  @AfterEach
  void browserConsoleHasNoErrors() {
    if (driver == null) return;
    // Chromium logs every refused fetch (the 401s before sign-in, the 403s these tests provoke).
    List<LogEntry> severe = Browsers.consoleErrors(driver,
        e -> e.getMessage().contains("status of 401") || e.getMessage().contains("status of 403"));
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

  static WebElement visible(String css) {
    return Browsers.waitUp(driver, 15).until(d -> d.findElements(By.cssSelector(css)).stream()
        .filter(WebElement::isDisplayed).findFirst().orElse(null));
  }

  static WebElement loginForm() {
    WebElement form = visible("#login-form");
    assertThat(driver.findElement(By.id("app")).isDisplayed()).as("the page behind the form").isFalse();
    assertThat(driver.findElement(By.id("user")).isDisplayed()).isFalse();
    return form;
  }

  static void signIn(String user, String password) {
    loginForm();
    WebElement name = driver.findElement(By.id("login-username"));
    name.clear();
    name.sendKeys(user);
    WebElement pw = driver.findElement(By.id("login-password"));
    pw.clear();
    pw.sendKeys(password);
    driver.findElement(By.id("login-submit")).click();
  }

  /** The experiment rows once the list has loaded, as {id → name}. */
  static java.util.Map<String, String> experiments() {
    visible("#experiments");
    java.util.Map<String, String> rows = new java.util.TreeMap<>();
    for (WebElement tr : driver.findElements(By.cssSelector("#experiments tbody tr"))) {
      rows.put(tr.getAttribute("data-experiment"), tr.findElement(By.cssSelector("a")).getText());
    }
    return rows;
  }

  static Object stored() {
    return js("return sessionStorage.getItem('vigil.session')");
  }

  // ------------------------------------------------------------------ tests

  @Test
  void withoutASession_theDashboardShowsTheSignInForm() {
    open("#/");
    WebElement form = loginForm();
    assertThat(form.getText()).contains("Sign in to Vigil");
    assertThat(driver.findElement(By.id("login-username")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("login-password")).getAttribute("type")).isEqualTo("password");
    // The API module marks its calls as the dashboard's, and their 401s carry no challenge for the
    // browser to answer with its own dialog (without the mark, Chromium's dialog holds the 401 and
    // the form never appears: every test here times out).
    @SuppressWarnings("unchecked")
    List<Object> seen = (List<Object>) ((JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1]; const seen = []; const real = window.fetch;"
            + "window.fetch = (url, init) => real(url, init).then(r => {"
            + "  seen.push(init.headers['X-Requested-With'], r.status, r.headers.get('WWW-Authenticate')); return r; });"
            + "import('/js/api.js').then(m => m.api.monitors()).catch(() => {})"
            + "  .then(() => { window.fetch = real; done(seen); });");
    assertThat(seen).containsExactly("vigil-dashboard", 401L, null);
    assertThat(stored()).isNull();
  }

  @Test
  void wrongPassword_isRefusedInTheForm() {
    open("#/");
    signIn("bob", "not-his-password");
    WebElement error = visible("#login-error");
    assertThat(error.getText()).isEqualTo("Wrong username or password.");
    loginForm();
    assertThat(stored()).isNull();
    signIn("nobody", PASSWORD);
    Browsers.waitUp(driver, 10).until(d -> d.findElement(By.id("login-error")).isDisplayed());
    assertThat(stored()).isNull();
  }

  @Test
  void signIn_showsOnlyReadableExperiments_survivesAReload_andSignOutReturnsToTheForm() {
    open("#/");
    signIn("bob", PASSWORD);
    assertThat(visible("#user-name").getText()).isEqualTo("bob");
    Browsers.waitUp(driver, 15).until(d -> experiments().containsKey(sharedExp));
    assertThat(experiments()).containsEntry(sharedExp, "shared-exp").doesNotContainKey(secretExp)
        .doesNotContainValue("secret-exp");
    assertThat(driver.findElements(By.id("login-form"))).isEmpty();
    assertThat(visible(".empty").getText()).as("how to log a run, with credentials").contains("MLFLOW_TRACKING_TOKEN");
    // Kept for the tab only: in sessionStorage, never in localStorage.
    assertThat((String) stored()).contains("\"username\":\"bob\"").contains("Basic ");
    assertThat(js("return localStorage.getItem('vigil.session')")).isNull();

    driver.navigate().refresh();
    Browsers.waitUp(driver, 15).until(d -> experiments().containsKey(sharedExp));
    assertThat(driver.findElement(By.id("login")).isDisplayed()).isFalse();
    assertThat(visible("#user-name").getText()).isEqualTo("bob");

    visible("#sign-out").click();
    loginForm();
    assertThat(stored()).isNull();
    driver.navigate().refresh();
    loginForm();
  }

  @Test
  void anAdmin_seesEveryExperiment() {
    open("#/");
    signIn("alice", PASSWORD);
    assertThat(visible("#user-name").getText()).isEqualTo("alice (admin)");
    Browsers.waitUp(driver, 15).until(d -> experiments().containsKey(secretExp));
    assertThat(experiments()).containsEntry(sharedExp, "shared-exp").containsEntry(secretExp, "secret-exp");
  }

  @Test
  void tokenSignIn_refusesABadToken_acceptsAGoodOne_andARevokedOneBringsBackTheForm() throws Exception {
    open("#/");
    loginForm();
    visible("#login-switch").click();
    WebElement token = visible("#login-token");
    assertThat(driver.findElement(By.id("login-username")).isDisplayed()).isFalse();
    token.sendKeys("vgl_not-a-real-token");
    driver.findElement(By.id("login-submit")).click();
    assertThat(visible("#login-error").getText()).contains("token is not valid");
    assertThat(stored()).isNull();

    token.clear();
    token.sendKeys(bobsToken);
    driver.findElement(By.id("login-submit")).click();
    assertThat(visible("#user-name").getText()).isEqualTo("bob");
    Browsers.waitUp(driver, 15).until(d -> experiments().containsKey(sharedExp));
    assertThat(experiments()).doesNotContainKey(secretExp);
    assertThat((String) stored()).contains("Bearer " + bobsToken);

    // Revoked while signed in: the next call's 401 brings the form back and forgets the token.
    asAlice("DELETE", "/api/vigil/tokens/" + bobsTokenId, "");
    open("#/models");
    loginForm();
    assertThat(stored()).isNull();
    assertThat(driver.getCurrentUrl()).endsWith("#/models");
  }

  @Test
  void aDeepLink_opensAfterSignIn_andA403_isAPermissionMessage_evenUnhandled() {
    open("#/runs/" + secretRun);
    signIn("bob", PASSWORD);
    WebElement error = visible("main .error");
    assertThat(error.getText()).startsWith("You don't have permission").contains("READ");
    assertThat(driver.getCurrentUrl()).endsWith("#/runs/" + secretRun);
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Run");

    open("#/experiments/" + secretExp);
    WebElement denied = visible("#denied");
    assertThat(denied.getText()).startsWith("You don't have permission").doesNotContain("Filter error");
    assertThat(driver.findElements(By.cssSelector("#runs-box, #filter, .empty"))).as("the runs page's body").isEmpty();
    assertThat(driver.findElements(By.id("login-form"))).isEmpty();

    // A refused call no page handles still shows up, as a banner over the page.
    js("import('/js/api.js').then(m => { m.api.getRun(arguments[0]); });", secretRun);
    assertThat(visible("#page-error").getText()).startsWith("You don't have permission");
  }

  /** Saves a screenshot of the browser under target/browser-failures/ when a test fails. */
  static final class ScreenshotOnFailure implements TestWatcher {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      Browsers.screenshot(driver, "login-" + context.getRequiredTestMethod().getName());
    }
  }
}
