package dev.syncasync.syncworker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import dev.syncasync.config.RegistryConfig;
import dev.syncasync.config.SyncPoolConfig;
import dev.syncasync.config.SyncWorkerConfig;
import dev.syncasync.config.VirtualPoolConfig;
import dev.syncasync.config.VirtualWorkerConfig;
import dev.syncasync.registry.Hazelcasts;
import dev.syncasync.testing.ChildJvm;
import dev.syncasync.testing.TestHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

/** The command line: what it reads, how it fails, how it stops. */
class SyncWorkerMainTest {

    @TempDir
    Path dir;

    @Test
    void without_a_config_file_the_defaults_in_code_apply() {
        assertThat(SyncWorkerMain.configure(new String[0])).isEqualTo(SyncPoolConfig.defaults().worker(0));
    }

    @Test
    void flags_override_the_config_file() throws Exception {
        Path file = Files.writeString(dir.resolve("lab.yml"), "sync:\n  threads: 4\n  host: 127.0.0.2\n  base-port: 9100\n");

        assertThat(SyncWorkerMain.configure(new String[] {"--config", file.toString()}))
                .isEqualTo(new SyncWorkerConfig("sync-1", "127.0.0.2", 9100, 4));
        assertThat(SyncWorkerMain.configure(new String[] {"--config", file.toString(), "--id", "s7", "--port", "0",
            "--threads", "3"}))
                .isEqualTo(new SyncWorkerConfig("s7", "127.0.0.2", 0, 3));
    }

    @Test
    void a_bad_option_is_a_usage_error_naming_it() {
        assertThatThrownBy(() -> SyncWorkerMain.configure("--threads", "0"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("'--threads': must be in 1..10000, got 0");
        assertThatThrownBy(() -> SyncWorkerMain.configure("--event-loops", "2"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("Unknown options: '--event-loops', '2'");
        assertThatThrownBy(() -> SyncWorkerMain.configure("--port=http"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("'http' is not an int");
    }

    @Test
    void with_virtual_the_virtual_section_and_its_flags_apply() throws Exception {
        Path file = Files.writeString(dir.resolve("lab.yml"), "virtual:\n  max-concurrent: 64\n  base-port: 9200\n");

        assertThat(SyncWorkerMain.configureVirtual("--virtual")).isEqualTo(VirtualPoolConfig.defaults().worker(0));
        assertThat(SyncWorkerMain.configureVirtual("--virtual", "--config", file.toString()))
                .isEqualTo(new VirtualWorkerConfig("virtual-1", "127.0.0.1", 9200, 64));
        assertThat(SyncWorkerMain.configureVirtual("--virtual", "--config", file.toString(), "--id", "v7",
            "--port", "0", "--max-concurrent", "0"))
                .isEqualTo(new VirtualWorkerConfig("v7", "127.0.0.1", 0, 0));
    }

    @Test
    void the_fixed_pool_and_the_virtual_options_do_not_mix() {
        assertThatThrownBy(() -> SyncWorkerMain.configureVirtual("--virtual", "--threads", "4"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("--threads is for the fixed pool");
        assertThatThrownBy(() -> SyncWorkerMain.configure("--max-concurrent", "4"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("--max-concurrent needs --virtual");
        assertThatThrownBy(() -> SyncWorkerMain.configureVirtual("--virtual", "--max-concurrent", "-1"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("'--max-concurrent': must be in 0..1000000, got -1");
    }

    @Test
    @Timeout(60)
    void a_bad_virtual_section_exits_with_code_2_naming_the_field() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yml"), "virtual:\n  max-concurrent: lots\n");
        Path stderr = dir.resolve("stderr.txt");

        Process child = ChildJvm.of(SyncWorkerMain.class, "--virtual", "--config", file.toString())
                .redirectError(stderr.toFile()).start();

        assertThat(child.waitFor(50, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(2);
        assertThat(Files.readString(stderr)).contains("invalid configuration").contains("virtual.max-concurrent");
    }

    @Test
    @Timeout(60)
    void with_virtual_the_jar_serves_each_request_on_a_virtual_thread() throws Exception {
        Process child = ChildJvm.of(SyncWorkerMain.class, "--virtual", "--port", "0", "--id", "virtual-child").start();
        try (TestHttp http = new TestHttp()) {
            String url = ChildJvm.awaitUrl(child);
            Thread.ofVirtual().start(() -> drain(child));
            String body = http.get(url + "/work?io=10").body();

            assertThat(TestHttp.text(body, "kind")).isEqualTo("virtual");
            assertThat(TestHttp.text(body, "thread")).startsWith("virtual-child vthread-");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    @Timeout(60)
    void a_bad_config_file_exits_with_code_2_naming_the_field() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yml"), "sync:\n  threads: -3\n");
        Path stderr = dir.resolve("stderr.txt");

        Process child = ChildJvm.of(SyncWorkerMain.class, "--config", file.toString())
                .redirectError(stderr.toFile()).start();

        assertThat(child.waitFor(50, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(2);
        assertThat(Files.readString(stderr)).contains("sync-worker: invalid configuration").contains("sync.threads");
    }

    @Test
    @Timeout(120)
    void a_joined_worker_whose_registry_is_away_longer_than_the_join_timeout_keeps_trying_and_registers_again()
            throws Exception {
        int joinTimeoutMs = 1_500;
        RegistryConfig registry = RegistryConfig.defaults().withEphemeralPort().withTimings(3_000, 1_000, joinTimeoutMs);
        HazelcastInstance member = Hazelcasts.member(registry);
        RegistryConfig samePort = new RegistryConfig(true, registry.clusterName(), registry.host(),
                Hazelcasts.port(member), registry.members(), registry.allow(), 3_000, 1_000, joinTimeoutMs);
        ProcessBuilder builder = ChildJvm.of(SyncWorkerMain.class, "--port", "0", "--id", "sync-orphan",
                "--join", "127.0.0.1:" + samePort.port());
        builder.environment().putAll(Map.of("LAB_REGISTRY_JOIN_TIMEOUT_MS", Integer.toString(joinTimeoutMs),
                "LAB_REGISTRY_TTL_MS", "3000", "LAB_REGISTRY_REFRESH_MS", "1000"));
        Process child = builder.start();
        try (TestHttp http = new TestHttp()) {
            String url = ChildJvm.awaitUrl(child);
            Thread.ofVirtual().start(() -> drain(child));
            await().atMost(Duration.ofSeconds(10)).until(() -> registered(member));
            assertThat(registryStatus(http, url)).isEqualTo("registered");

            member.shutdown();
            await().atMost(Duration.ofSeconds(20)).until(() -> registryStatus(http, url).equals("reconnecting"));
            // The old client gave up after the join timeout and left the worker orphaned for good.
            await().during(Duration.ofMillis(2L * joinTimeoutMs)).atMost(Duration.ofSeconds(20))
                    .until(() -> child.isAlive() && registryStatus(http, url).equals("reconnecting"));
            HazelcastInstance restarted = Hazelcasts.member(samePort);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> registered(restarted));
                assertThat(registryStatus(http, url)).isEqualTo("registered");
                assertThat(http.get(url + "/work?io=0").statusCode()).isEqualTo(200);
            } finally {
                restarted.shutdown();
            }
        } finally {
            child.destroyForcibly();
            member.shutdown();
        }
    }

    private static boolean registered(HazelcastInstance member) {
        return member.getMap("lab.workers").containsKey("sync-orphan");
    }

    private static String registryStatus(TestHttp http, String url) throws Exception {
        return TestHttp.text(http.get(url + "/health").body(), "registry");
    }

    /** Reads the child's log so a chatty child never blocks on a full pipe. */
    private static void drain(Process child) {
        try {
            child.getErrorStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // The child is gone.
        }
    }

    @Test
    @Timeout(60)
    void sigterm_lets_the_request_in_flight_finish_before_the_exit() throws Exception {
        Process child = ChildJvm.of(SyncWorkerMain.class, "--port", "0", "--id", "sync-child", "--threads", "1").start();
        try (TestHttp http = new TestHttp()) {
            String url = ChildJvm.awaitUrl(child);
            CompletableFuture<TestHttp.Timed> call = http.getAsync(url + "/work?io=500");
            await().until(() -> TestHttp.number(http.get(url + "/health").body(), "inFlight") == 1);

            child.destroy();
            HttpResponse<String> response = call.join().response();

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(TestHttp.text(response.body(), "worker")).isEqualTo("sync-child");
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("exit status after SIGTERM").isEqualTo(143);
        } finally {
            child.destroyForcibly();
        }
    }
}
