package dev.syncasync.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncasync.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepConfigTest {

    private static final Path SWEEPS = Path.of("..", "config", "sweeps");

    @Test
    void the_shipped_small_sweep_has_sync_one_and_four_and_async_one() {
        SweepConfig config = SweepConfig.load(SWEEPS.resolve("small.yml"));

        assertThat(config.simulation()).isEqualTo("HundredRequests");
        assertThat(config.points()).extracting(LabSpec::toString).containsExactly("sync x1", "sync x4", "async x1");
        assertThat(config.parameters()).contains("io=100");
    }

    @Test
    void the_shipped_capacity_sweep_doubles_sync_workers_up_to_eight() {
        SweepConfig config = SweepConfig.load(SWEEPS.resolve("capacity.yml"));

        assertThat(config.points()).extracting(LabSpec::toString)
                .containsExactly("sync x1", "sync x2", "sync x4", "sync x8", "async x1", "async x2");
    }

    @Test
    void an_unknown_key_names_the_file_and_the_field(@TempDir Path dir) throws IOException {
        Path file = write(dir, "simulation: HundredRequests\nsync:\n  workers: [1]\n  treads: 2\n");

        assertThatThrownBy(() -> SweepConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("sync.treads").hasMessageContaining("unknown key");
    }

    @Test
    void a_worker_count_that_is_not_a_number_names_the_field(@TempDir Path dir) throws IOException {
        Path file = write(dir, "sync:\n  workers: [1, many]\n");

        assertThatThrownBy(() -> SweepConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sync.workers").hasMessageContaining("'many'");
    }

    @Test
    void an_unknown_simulation_lists_the_choices(@TempDir Path dir) throws IOException {
        Path file = write(dir, "simulation: Nope\nsync:\n  workers: [1]\n");

        assertThatThrownBy(() -> SweepConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("simulation").hasMessageContaining("hundredrequests");
    }

    @Test
    void a_sweep_without_points_says_where_to_list_them(@TempDir Path dir) throws IOException {
        Path file = write(dir, "simulation: CpuBound\n");

        assertThatThrownBy(() -> SweepConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sync.workers");
    }

    @Test
    void a_parameter_that_is_not_key_value_is_refused(@TempDir Path dir) throws IOException {
        Path file = write(dir, "parameters: [io]\nasync:\n  workers: [1]\n");

        assertThatThrownBy(() -> SweepConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("parameters").hasMessageContaining("key=value");
    }

    private static Path write(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("sweep.yml");
        Files.writeString(file, yaml);
        return file;
    }
}
