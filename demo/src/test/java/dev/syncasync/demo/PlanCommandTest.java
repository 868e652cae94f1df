package dev.syncasync.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.commandline.Cli;
import dev.syncasync.config.ConfigLoader;
import dev.syncasync.config.LabConfig;
import dev.syncasync.config.Topology;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./lab plan} as a user types it: its answers, the topology file it writes, and every bad input named with exit code 2. */
class PlanCommandTest {

    private static final String[] THIRTY_OF_100_MS = {"--rate", "30", "--io", "100", "--slo", "p99=250ms", "--cores", "2",
        "--memory", "24000"};

    @Test
    void thirty_per_second_of_100_ms_at_p99_250_ms_needs_five_sync_workers_or_one_async_worker() {
        Run run = Run.of(THIRTY_OF_100_MS);

        assertThat(run.code()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .contains("plan: 30 req/s, each io 100 ms + cpu 0 ms; objective p99 <= 250 ms; the workers on 2 cores")
                .contains("offered load: sync 3.09 erlangs")
                .containsPattern("(?m)^sync +5 workers x 1 thread +5 +62% +104 .* meets p99 <= 250 ms$")
                .containsPattern("(?m)^ +4 workers x 1 thread +4 +77% .* misses it: the next smaller$")
                .containsPattern("(?m)^async +1 worker x 1 event loop +1 +0% +104 +104 .* meets p99 <= 250 ms$")
                .contains("CPU ceiling: the workers' 2 cores carry at most 5,000 req/s on sync")
                .containsPattern("(?m)^virtual +1 worker, no limit at once +2 +1% +104 +104 .* meets p99 <= 250 ms$")
                .contains("virtual: its slots are the carriers (one per core)")
                .contains("least memory: virtual, 1 worker, no limit at once")
                .contains("cross-check, Erlang C (M/D/c: the M/M/c wait halved), p99: 5 slots 192 ms")
                .contains("docs/benchmarks.md").contains("./lab sweep config/sweeps/capacity.yml");
    }

    @Test
    void computation_needs_an_event_loop_per_busy_core_and_makes_the_sync_forecast_say_it_is_optimistic() {
        // 60/s x 20.1 ms of CPU = 1.21 cores busy: one event loop cannot keep up, two can (at most 2 on 2 cores).
        Run run = Run.of("--rate", "60", "--io", "50", "--cpu", "20", "--slo", "p99=200ms", "--cores", "2", "--memory",
                "24000");

        assertThat(run.code()).isZero();
        assertThat(run.out()).containsPattern("(?m)^async +2 workers x 1 event loop +2 +60% .* meets p99 <= 200 ms$")
                .containsPattern("(?m)^ +1 worker x 1 event loop +1 +121% +inf .* \\(no steady state: the queue grows\\)$")
                .contains("note: the sync forecast takes each request's cpu as running on a free core; with 1.22 of the "
                        + "2 cores busy on average")
                .contains("the workers' 2 cores carry at most 98 req/s on sync");
    }

    @Test
    void the_plan_is_written_as_a_topology_file_the_lab_reads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("planned.yml");
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(THIRTY_OF_100_MS),
                java.util.stream.Stream.of("--write", file.toString())).toArray(String[]::new);

        Run run = Run.of(args);

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("wrote " + file + " (sync active): ./lab up " + file);
        LabConfig config = ConfigLoader.load(file, Map.of());
        assertThat(config.topology()).isEqualTo(Topology.SYNC);
        assertThat(config.sync().workers()).isEqualTo(5);
        assertThat(config.sync().threads()).isEqualTo(1);
        assertThat(config.async().workers()).isEqualTo(1);
        assertThat(config.async().eventLoops()).isEqualTo(1);
        assertThat(config.virtual().workers()).isEqualTo(1);
        assertThat(config.virtual().maxConcurrent()).isZero();
        assertThat(Files.readString(file)).startsWith("# Written by ./lab plan --rate 30 --io 100 --slo p99=250ms")
                .contains("#   sync: 5 workers x 1 thread, p50 104 ms, p99 ");
    }

    @Test
    void virtual_workers_capped_at_once_are_sized_and_written_with_their_cap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("virtual.yml");
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(THIRTY_OF_100_MS),
                java.util.stream.Stream.of("--max-concurrent", "2", "--pool", "virtual", "--write", file.toString()))
                .toArray(String[]::new);

        Run run = Run.of(args);

        // Five slots of io + hold are needed (the sync hand case): 3 workers of 2 at once meet, 2 miss.
        assertThat(run.code()).isZero();
        assertThat(run.out()).containsPattern("(?m)^virtual +3 workers x 2 at once +6 .* meets p99 <= 250 ms$")
                .containsPattern("(?m)^ +2 workers x 2 at once +4 +77% .* misses it: the next smaller$")
                .doesNotContain("virtual: its slots are the carriers");
        LabConfig config = ConfigLoader.load(file, Map.of());
        assertThat(config.topology()).isEqualTo(Topology.VIRTUAL);
        assertThat(config.virtual().workers()).isEqualTo(3);
        assertThat(config.virtual().maxConcurrent()).isEqualTo(2);
    }

    @Test
    void a_missing_value_names_its_option_with_exit_code_2() {
        Run run = Run.of("--io", "100", "--slo", "p99=250ms");

        assertThat(run.code()).isEqualTo(Cli.USAGE);
        assertThat(run.err()).startsWith("plan: Missing value for option '--rate': the arrival rate per second, e.g. --rate 30");
        assertThat(Run.of("--rate", "30", "--slo", "p99=250ms").err()).contains("Missing value for option '--io'");
        assertThat(Run.of("--rate", "30", "--io", "100").err()).contains("Missing value for option '--slo'");
    }

    @Test
    void an_objective_below_the_service_time_is_refused_with_exit_code_2() {
        Run run = Run.of("--rate", "30", "--io", "100", "--slo", "p99=90ms");

        assertThat(run.code()).isEqualTo(Cli.USAGE);
        assertThat(run.err()).isEqualTo("plan: --slo p99=90ms: p99 <= 90 ms is below what a request takes when it waits "
                + "for nothing: io 100 + cpu 0 + round trip 4 = 104 ms; no number of workers can answer faster\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void a_rate_the_cores_cannot_carry_is_refused_with_exit_code_2() {
        Run run = Run.of("--rate", "30", "--io", "0", "--cpu", "100", "--cores", "2", "--slo", "p99=10s");

        assertThat(run.code()).isEqualTo(Cli.USAGE);
        assertThat(run.err()).startsWith("plan: --rate 30: no pool can carry it here: sync: the workers' 2 cores cannot "
                + "carry 30 req/s").contains("(--cores says how many cores the workers get)");
    }

    @Test
    void bad_values_name_their_option_with_exit_code_2() {
        assertThat(Run.of("--rate", "30", "--io", "100", "--slo", "fast").err())
                .startsWith("plan: Invalid value for option '--slo': must be pNN=<time>");
        assertThat(Run.of("--rate", "0", "--io", "100", "--slo", "p99=1s").err())
                .startsWith("plan: Invalid value for option '--rate': must be more than 0 and at most 1,000,000 requests per "
                        + "second, got 0");
        assertThat(Run.of("--rate", "30", "--io", "-5", "--slo", "p99=1s").err())
                .startsWith("plan: Invalid value for option '--io': must be in 0..60,000 ms");
        assertThat(Run.of("--rate", "30", "--io", "100", "--slo", "p99=1s", "--cores", "0").err())
                .startsWith("plan: Invalid value for option '--cores': must be in 1..4096, got 0");
        assertThat(Run.of("--rate", "30", "--io", "100", "--slo", "p99=1s", "--pool", "green").err())
                .startsWith("plan: Invalid value for option '--pool': must be sync, async or virtual, got 'green'");
        assertThat(Run.of("--rate", "30", "--io", "100", "--slo", "p99=1s", "--max-concurrent", "-1").err())
                .startsWith("plan: Invalid value for option '--max-concurrent': must be in 0..10000, got -1");
        assertThat(Run.of("--rate", "30", "--io", "100", "--slo", "wait=10ms", "--verify").err())
                .startsWith("plan: --verify checks a latency objective");
        assertThat(Run.of("--rate", "30.5", "--io", "100", "--slo", "p99=1s", "--verify").err())
                .startsWith("plan: --verify needs a whole --rate");
    }

    /** One execution, in process, with stdout and stderr captured. */
    record Run(int code, String out, String err) {

        static Run of(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine command = Cli.commandLine(new PlanCommand());
            command.setOut(new PrintWriter(out, true));
            command.setErr(new PrintWriter(err, true));
            int code = command.execute(args);
            return new Run(code, out.toString(), err.toString());
        }
    }
}
