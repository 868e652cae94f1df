package dev.syncasync.e2e;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven through Debian's chromium-driver, both named by path: Selenium Manager
 * is never asked to find (or download) anything. Headless, on a fresh profile, with its
 * background networking off, so the page is the only thing it talks to.
 */
final class HeadlessChromium {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /**
     * Skips the calling test when Chromium or its driver is missing on a developer's machine, with
     * the command that installs them; fails instead under CI ({@code CI} set, as {@code .ci/run}
     * and hosted runners do), where a skipped browser test would pass for a tested one.
     */
    static void assumeInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        String missing = "the live view's browser test needs " + CHROMIUM + " and " + DRIVER
                + ": apt-get install chromium chromium-driver";
        if (!installed && System.getenv("CI") != null) {
            fail(missing + " (CI is set, so this fails instead of skipping)");
        }
        assumeTrue(installed, missing);
    }

    /** A new browser with its own profile under {@code dir}, its window {@code width} x {@code height}. */
    static ChromeDriver start(Path dir, int width, int height) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + width + "," + height,
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(dir.resolve("chromedriver.log").toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }
}
