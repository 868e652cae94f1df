package dev.syncasync.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a browser shows it: rendered by headless Chromium from the file alone, with
 * networking off, the DOM still holds the table and both timelines, and a screenshot has
 * something on it. Skipped where Chromium is not installed.
 */
class ReportInBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    private Path page;

    @BeforeEach
    void write_the_report() {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium not installed: apt-get install chromium");
        page = ReportWriter.write(ReportWriterTest.theoryShaped(), dir.resolve("report"));
    }

    @Test
    void after_rendering_the_page_holds_the_table_and_both_timelines() throws Exception {
        String dom = chromium("dom", "--dump-dom", page.toUri().toString());

        assertThat(dom).contains("<table id=\"results\">");
        assertThat(ReportWriterTest.count(dom, "<tr class=\"row\"")).isEqualTo(4);
        List<String> gantts = ReportWriterTest.gantts(dom);
        assertThat(gantts).hasSize(2).allSatisfy(svg ->
                assertThat(ReportWriterTest.count(svg, "class=\"bar service\"")).isEqualTo(100));
        assertThat(ReportWriterTest.count(dom, "<svg class=\"distribution\"")).isEqualTo(2);
    }

    @Test
    void a_screenshot_of_the_page_is_not_blank() throws Exception {
        // Kept in launcher/target/ as a build artifact, to look at what the report looks like.
        Path screenshot = Path.of(System.getProperty("basedir", ".")).resolve("target/report-screenshot.png")
                .toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);

        chromium("screenshot", "--screenshot=" + screenshot, "--window-size=1400,2400", page.toUri().toString());

        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(10 * 1024);
    }

    /** Runs Chromium on its own fresh profile, with no network chatter, and returns what it printed. */
    private String chromium(String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("profile-" + name))));
        command.addAll(List.of(args));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            // Renderer and GPU processes first, so nothing of ours outlives the test.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("chromium %s did not finish in %d s; stderr:%n%s", name, TIMEOUT_SECONDS, Files.readString(err));
        }
        assertThat(process.exitValue()).as("chromium %s exit code; stderr:%n%s", name, Files.readString(err))
                .isZero();
        return Files.readString(out);
    }
}
