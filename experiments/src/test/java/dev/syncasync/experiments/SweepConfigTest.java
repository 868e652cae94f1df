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

    @Test
    void the_shipped_plan_grid_runs_the_planners_answer_and_the_next_smaller_for_every_rate_and_io() {
        SweepConfig config = SweepConfig.load(SWEEPS.resolve("plan-grid.yml"));

        assertThat(config.isPlanGrid()).isTrue();
        assertThat(config.simulation()).isEqualTo("OpenModelRamp");
        assertThat(config.plan()).extracting(PlanPoint::demand).containsOnly(
                "10/s io=50 p99 <= 125 ms", "10/s io=100 p99 <= 250 ms", "20/s io=50 p99 <= 125 ms",
                "20/s io=100 p99 <= 250 ms", "30/s io=50 p99 <= 125 ms", "30/s io=100 p99 <= 250 ms");
        // The hand case (CapacityTest): 30/s of io=100 is 3.09 erlangs; 5 one-thread workers meet p99 250 ms, 4 miss.
        // The others by Erlang C halved for deterministic service, e.g. 10/s of io=50 on 1 slot (53% busy):
        // ln(0.53 / 0.01) / (1/53 - 0.01) / 2 = 224 ms of wait at p99, + 54 > 125; on 2 slots P(wait) 0.11,
        // ln(11) / (2/53 - 0.01) / 2 = 43 ms, + 54 = 97 <= 125.
        assertThat(config.plan()).extracting(p -> p.rate() + "/" + p.io() + " " + p.role() + " " + p.spec()).containsExactly(
                "10/50 answer sync x2", "10/50 next smaller sync x1", "10/100 answer sync x3", "10/100 next smaller sync x2",
                "20/50 answer sync x3", "20/50 next smaller sync x2", "20/100 answer sync x4", "20/100 next smaller sync x3",
                "30/50 answer sync x3", "30/50 next smaller sync x2", "30/100 answer sync x5", "30/100 next smaller sync x4");
        assertThat(config.plan()).allSatisfy(p -> {
            assertThat(p.objective().metBy(p.planned().objective())).isEqualTo(p.answer());
            assertThat(p.spec().workers()).isEqualTo(p.planned().slots());
        });
        assertThat(config.points()).isEqualTo(config.plan().stream().map(PlanPoint::spec).toList());
        int last = config.points().size() - 1;
        assertThat(config.parametersOf(last)).containsExactly("io=100", "rates=30", "duration=20", "seed=1");
    }

    @Test
    void a_plan_grid_refuses_worker_counts_beside_it(@TempDir Path dir) throws IOException {
        Path file = write(dir, "simulation: OpenModelRamp\nsync:\n  workers: [1]\nplan:\n  rates: [10]\n  io: [100]\n"
                + "  slo: p99=250ms\n");

        assertThatThrownBy(() -> SweepConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("plan").hasMessageContaining("sync.workers");
    }

    @Test
    void a_plan_grid_runs_the_open_model_only(@TempDir Path dir) throws IOException {
        Path file = write(dir, "simulation: HundredRequests\nplan:\n  rates: [10]\n  io: [100]\n  slo: p99=250ms\n");

        assertThatThrownBy(() -> SweepConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("simulation").hasMessageContaining("OpenModelRamp");
    }

    @Test
    void a_plan_grid_needs_one_objective_or_one_per_io(@TempDir Path dir) throws IOException {
        Path file = write(dir, "simulation: OpenModelRamp\nplan:\n  rates: [10]\n  io: [50, 100, 200]\n"
                + "  slo: [p99=125ms, p99=250ms]\n");

        assertThatThrownBy(() -> SweepConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("plan.slo").hasMessageContaining("one per io (3), got 2");
    }

    @Test
    void an_objective_below_the_work_itself_names_the_field_and_says_why(@TempDir Path dir) throws IOException {
        Path file = write(dir, "simulation: OpenModelRamp\nplan:\n  rates: [10]\n  io: [100]\n  slo: p99=90ms\n");

        assertThatThrownBy(() -> SweepConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("plan.slo").hasMessageContaining("no number of workers can answer faster");
    }

    @Test
    void a_queue_wait_objective_is_refused_the_clients_measure_latencies(@TempDir Path dir) throws IOException {
        Path file = write(dir, "simulation: OpenModelRamp\nplan:\n  rates: [10]\n  io: [100]\n  slo: wait=20ms\n");

        assertThatThrownBy(() -> SweepConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("plan.slo").hasMessageContaining("pNN=TIME");
    }

    @Test
    void a_plan_grid_sets_the_open_models_parameters_itself(@TempDir Path dir) throws IOException {
        Path file = write(dir, "simulation: OpenModelRamp\nparameters: [io=50]\nplan:\n  rates: [10]\n  io: [100]\n"
                + "  slo: p99=250ms\n");

        assertThatThrownBy(() -> SweepConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("parameters").hasMessageContaining("plan.io");
    }

    @Test
    void an_unknown_key_in_the_plan_names_it(@TempDir Path dir) throws IOException {
        Path file = write(dir, "simulation: OpenModelRamp\nplan:\n  rates: [10]\n  io: [100]\n  slo: p99=250ms\n"
                + "  smalest: true\n");

        assertThatThrownBy(() -> SweepConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("plan.smalest").hasMessageContaining("unknown key");
    }

    @Test
    void the_async_answer_joins_the_grid_when_asked_and_has_nothing_smaller(@TempDir Path dir) throws IOException {
        Path file = write(dir, "simulation: OpenModelRamp\nplan:\n  rates: [30]\n  io: [100]\n  slo: p99=250ms\n"
                + "  pools: [sync, async]\n");

        SweepConfig config = SweepConfig.load(file);

        assertThat(config.plan()).extracting(p -> p.role() + " " + p.spec())
                .containsExactly("answer sync x5", "next smaller sync x4", "answer async x1");
    }

    @Test
    void the_shipped_db_pool_sweep_runs_every_topology_over_four_pool_sizes_each_with_its_database() {
        SweepConfig config = SweepConfig.load(SWEEPS.resolve("db-pool.yml"));

        assertThat(config.simulation()).isEqualTo("DatabaseBottleneck");
        assertThat(config.isDbPoolSweep()).isTrue();
        assertThat(config.points()).extracting(LabSpec::toString).containsExactly(
                "sync x2 pool 1", "sync x2 pool 2", "sync x2 pool 4", "sync x2 pool 8",
                "async x2 pool 1", "async x2 pool 2", "async x2 pool 4", "async x2 pool 8",
                "virtual x2 pool 1", "virtual x2 pool 2", "virtual x2 pool 4", "virtual x2 pool 8");
        // Eight threads per sync worker: the connections bind, so P is the same on every topology.
        assertThat(config.points()).extracting(LabSpec::connections).containsExactly(2, 4, 8, 16, 2, 4, 8, 16, 2, 4, 8, 16);
        assertThat(config.parametersOf(0)).containsExactly("users=100", "db=200", "warmup=100", "dbPool=1");
        assertThat(config.parametersOf(11)).endsWith("dbPool=8");
        assertThat(config.points().get(8).threadsVariable()).isEqualTo("LAB_VIRTUAL_MAX_CONCURRENT");
        assertThat(config.points().get(8).threads()).isZero();
    }

    @Test
    void the_virtual_pool_runs_the_sync_workers_image_with_the_virtual_flag() {
        LabSpec virtual = new LabSpec("virtual", 2, 0, 384);

        assertThat(virtual.workerModule()).isEqualTo("sync-worker");
        assertThat(virtual.workerRole()).isEqualTo("virtual-worker");
        assertThat(virtual.workerCommand("balancer:5701"))
                .containsExactly("--virtual", "--config", "/config/topology.yml", "--join", "balancer:5701");
        assertThat(new LabSpec("async", 1, 1, 384).workerCommand("b:5701")).doesNotContain("--virtual");
    }

    @Test
    void a_sweep_whose_requests_reach_the_database_gets_one_with_the_default_pool_and_the_others_none(@TempDir Path dir)
            throws IOException {
        SweepConfig db = SweepConfig.load(write(dir, "simulation: HundredRequests\nparameters: [io=0, db=50]\n"
                + "async:\n  workers: [1]\n"));
        SweepConfig plain = SweepConfig.load(SWEEPS.resolve("small.yml"));

        assertThat(db.points()).extracting(LabSpec::dbPoolSize).containsExactly(SweepConfig.DEFAULT_DB_POOL_SIZE);
        assertThat(db.isDbPoolSweep()).isFalse();
        assertThat(db.parametersOf(0)).as("dbPool= is DatabaseBottleneck's only").containsExactly("io=0", "db=50");
        assertThat(plain.points()).noneMatch(LabSpec::hasDatabase);
    }

    @Test
    void a_pool_size_out_of_range_names_the_field(@TempDir Path dir) throws IOException {
        Path file = write(dir, "simulation: DatabaseBottleneck\ndb:\n  pool-size: [2, 0]\nasync:\n  workers: [1]\n");

        assertThatThrownBy(() -> SweepConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("db.pool-size").hasMessageContaining("'0'");
    }

    @Test
    void a_db_pool_parameter_is_refused_the_axis_sets_it(@TempDir Path dir) throws IOException {
        Path file = write(dir, "simulation: DatabaseBottleneck\nparameters: [dbPool=3]\nasync:\n  workers: [1]\n");

        assertThatThrownBy(() -> SweepConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("parameters").hasMessageContaining("db.pool-size");
    }

    @Test
    void an_unknown_key_under_db_is_named(@TempDir Path dir) throws IOException {
        Path file = write(dir, "simulation: DatabaseBottleneck\ndb:\n  pool-size: [1]\n  pool: 2\nasync:\n  workers: [1]\n");

        assertThatThrownBy(() -> SweepConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("db.pool").hasMessageContaining("unknown key");
    }

    @Test
    void a_plan_grid_refuses_a_database(@TempDir Path dir) throws IOException {
        Path file = write(dir, "simulation: OpenModelRamp\ndb:\n  pool-size: [1]\nplan:\n  rates: [10]\n  io: [50]\n"
                + "  slo: [p99=125ms]\n");

        assertThatThrownBy(() -> SweepConfig.load(file)).isInstanceOf(ConfigException.class).hasMessageContaining("db");
    }

    private static Path write(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("sweep.yml");
        Files.writeString(file, yaml);
        return file;
    }
}
