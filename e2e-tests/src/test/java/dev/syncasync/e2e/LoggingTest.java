package dev.syncasync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncasync.cli.LabMain;
import dev.syncasync.syncworker.SyncWorkerMain;
import dev.syncasync.testing.ChildJvm;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the lab's JVMs log, as a user sees it on stderr: ISO-8601 timestamps with their zone, the
 * level, the thread and the logger; LAB_LOG_LEVEL raises the lab's level; LAB_LOG_FORMAT=json
 * gives one JSON object per line.
 */
class LoggingTest {

    /** {@code 2026-11-28T09:01:02.345Z DEBUG [main] dev.syncasync.lab.Lab - ...}: date, time, zone, level, thread, logger. */
    private static final Pattern TEXT_LINE = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) (TRACE|DEBUG|INFO |WARN |ERROR) "
                    + "\\[[^\\]]+\\] \\S+ - .*");

    @TempDir
    Path dir;

    @Test
    void lab_up_with_lab_log_level_debug_logs_debug_lines_with_full_timestamps() throws Exception {
        Path config = Files.writeString(dir.resolve("t.yml"), """
                topology: sync
                balancer:
                  port: %d
                  admin-port: %d
                sync:
                  workers: 1
                async:
                  workers: 1
                registry:
                  port: %d
                """.formatted(freePort(), freePort(), freePort()));
        Path stdout = dir.resolve("stdout.log");
        Path stderr = dir.resolve("stderr.log");
        ProcessBuilder up = ChildJvm.of(LabMain.class.getName(), "up", config.toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        up.environment().put("LAB_LOG_LEVEL", "DEBUG");
        Process lab = up.start();
        try {
            await().atMost(Duration.ofSeconds(60)).failFast("lab up exited", () -> !lab.isAlive())
                    .until(() -> Files.readString(stdout).contains("Ctrl-C stops it"));
            // The workers refresh their registry entries every 2 s, at DEBUG.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readString(stderr).contains("refreshed its registry entry"));

            List<String> lines = Files.readAllLines(stderr);
            assertThat(lines).filteredOn(line -> line.contains(" DEBUG ")).isNotEmpty()
                    .allMatch(line -> TEXT_LINE.matcher(line).matches())
                    .anyMatch(line -> line.contains("dev.syncasync.lab.Lab - starting the lab: topology sync"));
            assertThat(lines).filteredOn(line -> line.contains(" INFO  ")).isNotEmpty()
                    .allMatch(line -> TEXT_LINE.matcher(line).matches());
        } finally {
            lab.destroyForcibly();
        }
    }

    @Test
    void at_the_default_level_there_are_no_debug_lines_and_json_format_gives_one_object_per_line() throws Exception {
        Path stderr = dir.resolve("stderr.log");
        ProcessBuilder worker = ChildJvm.of(SyncWorkerMain.class, "--port", "0", "--id", "sync-json")
                .redirectError(stderr.toFile());
        worker.environment().put("LAB_LOG_FORMAT", "json");
        worker.environment().remove("LAB_LOG_LEVEL");
        Process child = worker.start();
        try {
            await().atMost(Duration.ofSeconds(60)).failFast("the worker exited", () -> !child.isAlive())
                    .until(() -> Files.readString(stderr).contains("listening on"));

            ObjectMapper json = new ObjectMapper();
            List<String> lines = Files.readAllLines(stderr).stream().filter(line -> !line.isBlank()).toList();
            assertThat(lines).isNotEmpty();
            for (String line : lines) {
                JsonNode event = json.readTree(line);
                assertThat(event.isObject()).as(line).isTrue();
                assertThat(event.get("level").asText()).as(line).isIn("INFO", "WARN", "ERROR");
                assertThat(event.get("timestamp").asLong()).as(line).isPositive();
                assertThat(event.get("threadName").asText()).as(line).isNotEmpty();
                assertThat(event.get("loggerName").asText()).as(line).isNotEmpty();
            }
            assertThat(lines).anySatisfy(line -> {
                JsonNode event = json.readTree(line);
                assertThat(event.get("loggerName").asText()).isEqualTo(SyncWorkerMain.class.getName());
                assertThat(event.get("message").asText()).startsWith("sync-worker sync-json listening on http://");
            });
        } finally {
            child.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
