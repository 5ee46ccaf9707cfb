package io.vigil.server.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium for the browser tests: started without Selenium Manager (nothing is
 * downloaded), skipped with a message naming the packages when missing, or failed when
 * {@code -Dvigil.requireBrowser=true} (as CI sets it).
 */
final class Browsers {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  private Browsers() {}

  /** Skips (or, when required, fails) the test class unless Chromium and ChromeDriver are installed. */
  static void requireInstalled() {
    if (new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute()) return;
    String missing = "chromium and chromedriver not found at " + CHROMIUM + " and " + CHROMEDRIVER
        + ": install the Debian packages 'chromium' and 'chromium-driver' (apt-get install -y chromium chromium-driver)";
    if (Boolean.getBoolean("vigil.requireBrowser")) throw new AssertionError(missing + " — required by -Dvigil.requireBrowser=true");
    Assumptions.abort(missing);
  }

  /** A headless Chromium with a fresh profile under {@code dir}, recording the browser console. */
  static WebDriver start(Path dir) throws IOException {
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + Files.createTempDirectory(dir, "chrome"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  static WebDriverWait waitUp(WebDriver driver, int seconds) {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(seconds));
    // The pages re-render on data; an element found a moment ago may be replaced: look again.
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  /** Severe console entries since the last call, except those {@code expected} accepts. */
  static List<LogEntry> consoleErrors(WebDriver driver, Predicate<LogEntry> expected) {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue() && !expected.test(e))
        .toList();
  }

  /** Fails when a script from data opened an alert (the escaping tests plant {@code alert(…)}). */
  static void assertNoAlert(WebDriver driver) {
    try {
      String text = driver.switchTo().alert().getText();
      throw new AssertionError("a script ran from data: alert(" + text + ")");
    } catch (NoAlertPresentException expected) {
      // good
    }
  }

  /** Saves a screenshot under target/browser-failures/NAME.png. */
  static void screenshot(WebDriver driver, String name) {
    if (driver == null) return;
    try {
      Path out = Path.of("target", "browser-failures");
      Files.createDirectories(out);
      File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Path target = out.resolve(name + ".png");
      Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      System.err.println("screenshot of the failure: " + target.toAbsolutePath());
    } catch (Exception e) {
      System.err.println("could not save a screenshot: " + e);
    }
  }
}
