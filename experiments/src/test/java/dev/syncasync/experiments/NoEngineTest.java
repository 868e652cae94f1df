package dev.syncasync.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoEngineTest {

    @Test
    void without_an_engine_the_message_names_the_socket_and_the_alternative(@TempDir Path dir) {
        String host = "unix://" + dir.resolve("no-engine.sock");

        assertThatThrownBy(() -> Engine.connect(Map.of("DOCKER_HOST", host)))
                .isInstanceOf(ExperimentException.class)
                .hasMessageStartingWith("no Docker engine at " + host + "; start one, or use ./lab demo");
    }

    @Test
    void sweep_and_chaos_exit_with_code_2_when_no_engine_answers(@TempDir Path dir) {
        Map<String, String> env = Map.of("DOCKER_HOST", "unix://" + dir.resolve("no-engine.sock"));

        assertThat(ExperimentsMain.run(new String[] {"sweep", "../config/sweeps/small.yml", "--results",
                dir.resolve("r").toString()}, env)).isEqualTo(2);
        assertThat(ExperimentsMain.run(new String[] {"chaos", "--kill", "--results", dir.resolve("c").toString()}, env))
                .isEqualTo(2);
    }

    @Test
    void a_bad_sweep_file_is_exit_code_2_before_any_engine_is_asked(@TempDir Path dir) {
        assertThat(ExperimentsMain.run(new String[] {"sweep", dir.resolve("missing.yml").toString()}, Map.of()))
                .isEqualTo(2);
    }

    @Test
    void help_prints_the_usage_and_exits_0_without_an_engine() {
        assertThat(ExperimentsMain.run(new String[] {"chaos", "--help"}, Map.of("DOCKER_HOST", "unix:///nonexistent")))
                .isZero();
    }
}
