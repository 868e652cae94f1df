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
    void an_engine_other_than_docker_or_swarm_is_exit_code_2(@TempDir Path dir) {
        assertThat(ExperimentsMain.run(new String[] {"chaos", "--engine", "nomad", "--results",
                dir.resolve("c").toString()}, Map.of("DOCKER_HOST", "unix://" + dir.resolve("no-engine.sock"))))
                .isEqualTo(2);
    }

    @Test
    void swarm_options_parse_and_the_swarm_names_its_node_engines() {
        ExperimentOptions.Mixin mixin = new ExperimentOptions.Mixin();
        mixin.engine = "swarm";

        ExperimentOptions options = mixin.resolve(Path.of("."), Map.of("LAB_IMAGE_REPO", "registry:5000/lab"));

        assertThat(options.onSwarm()).isTrue();
        assertThat(options.images().image("balancer")).isEqualTo("registry:5000/lab/balancer:dev");
        assertThat(Swarm.engineHosts("lab-n1=unix:///run/n1.sock, lab-n2=tcp://10.0.0.2:2375"))
                .containsExactly(Map.entry("lab-n1", "unix:///run/n1.sock"), Map.entry("lab-n2", "tcp://10.0.0.2:2375"));
        assertThatThrownBy(() -> Swarm.engineHosts("lab-n1"))
                .isInstanceOf(ExperimentException.class).hasMessageContaining("hostname=DOCKER_HOST, got 'lab-n1'");
    }

    @Test
    void help_prints_the_usage_and_exits_0_without_an_engine() {
        assertThat(ExperimentsMain.run(new String[] {"chaos", "--help"}, Map.of("DOCKER_HOST", "unix:///nonexistent")))
                .isZero();
    }
}
