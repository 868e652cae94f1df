package dev.syncasync.asyncworker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.syncasync.config.AsyncPoolConfig;
import dev.syncasync.config.AsyncWorkerConfig;
import dev.syncasync.testing.ChildJvm;
import dev.syncasync.testing.TestHttp;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

/** The command line: what it reads, how it fails, how it stops. */
class AsyncWorkerMainTest {

    @TempDir
    Path dir;

    @Test
    void without_a_config_file_the_defaults_in_code_apply_one_event_loop_per_cpu() {
        AsyncWorkerConfig config = AsyncWorkerMain.configure(new String[0]);

        assertThat(config).isEqualTo(AsyncPoolConfig.defaults().worker(0));
        assertThat(config.eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void flags_override_the_config_file() throws Exception {
        Path file = Files.writeString(dir.resolve("lab.yml"),
                "async:\n  event-loops: 3\n  offload: true\n  host: 127.0.0.2\n  base-port: 9200\n");

        assertThat(AsyncWorkerMain.configure(new String[] {"--config", file.toString()}))
                .isEqualTo(new AsyncWorkerConfig("async-1", "127.0.0.2", 9200, 3, true));
        assertThat(AsyncWorkerMain.configure(new String[] {"--config", file.toString(), "--id", "a7", "--port", "0",
            "--event-loops", "1", "--offload", "false"}))
                .isEqualTo(new AsyncWorkerConfig("a7", "127.0.0.2", 0, 1, false));
        assertThat(AsyncWorkerMain.configure("--h2c-port", "9301").h2cPort()).isEqualTo(9301);
    }

    @Test
    void a_bad_option_is_a_usage_error_naming_it() {
        assertThatThrownBy(() -> AsyncWorkerMain.configure("--offload", "maybe"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("'maybe' is not a boolean");
        assertThatThrownBy(() -> AsyncWorkerMain.configure("--h2c-port", "70000"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("--h2c-port");
        assertThatThrownBy(() -> AsyncWorkerMain.configure("--event-loops=0"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("'--event-loops': must be in 1..1024, got 0");
        assertThatThrownBy(() -> AsyncWorkerMain.configure("--threads", "2"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("Unknown options: '--threads', '2'");
    }

    @Test
    @Timeout(60)
    void a_bad_config_file_exits_with_code_2_naming_the_field() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yml"), "async:\n  event-loops: 0\n");
        Path stderr = dir.resolve("stderr.txt");

        Process child = ChildJvm.of(AsyncWorkerMain.class, "--config", file.toString())
                .redirectError(stderr.toFile()).start();

        assertThat(child.waitFor(50, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(2);
        assertThat(Files.readString(stderr)).contains("async-worker: invalid configuration").contains("async.event-loops");
    }

    @Test
    @Timeout(60)
    void sigterm_lets_the_request_in_flight_finish_before_the_exit() throws Exception {
        Process child = ChildJvm.of(AsyncWorkerMain.class, "--port", "0", "--id", "async-child", "--event-loops", "1")
                .start();
        try (TestHttp http = new TestHttp()) {
            String url = ChildJvm.awaitUrl(child);
            CompletableFuture<TestHttp.Timed> call = http.getAsync(url + "/work?io=500");
            await().until(() -> TestHttp.number(http.get(url + "/health").body(), "inFlight") == 1);

            child.destroy();
            HttpResponse<String> response = call.join().response();

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(TestHttp.text(response.body(), "worker")).isEqualTo("async-child");
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("exit status after SIGTERM").isEqualTo(143);
        } finally {
            child.destroyForcibly();
        }
    }
}
