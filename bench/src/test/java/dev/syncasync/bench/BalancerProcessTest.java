package dev.syncasync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The child's command line only: starting it is what {@code ./lab bench} itself does. */
class BalancerProcessTest {

    @Test
    void the_balancer_jvm_runs_with_our_flags_and_the_worker_address() {
        List<String> command = BalancerProcess.command(Path.of("/jdk/bin/java"),
                List.of("-XX:+UseSerialGC", "-Xss512k"), "lab.jar", "127.0.0.1", 40123);

        assertThat(command).containsExactly("/jdk/bin/java", "-XX:+UseSerialGC", "-Xss512k", "-cp", "lab.jar",
                "dev.syncasync.bench.BenchBalancerMain", "127.0.0.1", "40123");
    }

    @Test
    void the_child_inherits_the_server_flags_but_no_debugger_or_agent() {
        List<String> ours = List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xss512k",
                "-Dlogback.configurationFile=/tmp/logback.xml",
                "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-javaagent:/tmp/agent.jar");

        assertThat(BalancerProcess.childFlags(ours)).containsExactly("--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-Xss512k", "-Dlogback.configurationFile=/tmp/logback.xml");
    }
}
