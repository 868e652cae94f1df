package dev.syncasync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report from made-up runs: the arithmetic between the rounds and the table, no load. */
class BenchDocTest {

    private static final Machine MACHINE = new Machine(2, "Test CPU", "Linux 6.1", "Test JDK 25",
            "GC Copy + MarkSweepCompact, -XX:+UseSerialGC", "0.10 0.20 0.30");
    private static final Layout PINNED = Layout.choose(Layout.Kind.PINNED, List.of(0, 1), true);
    private static final Layout SHARED = Layout.choose(Layout.Kind.SHARED, List.of(0, 1), true);

    /**
     * 1 s at {@code perSecond}: 15 us of CPU per request on the client's and the worker's loops,
     * {@code balancerCpuMicros} on the balancer's (in a JVM of its own when pinned); latencies
     * base..base+99 us.
     */
    private static PathResult path(Layout layout, String name, long perSecond, long balancerCpuMicros,
                                   long baseMicros) {
        return path(layout, name, perSecond, balancerCpuMicros, 15, baseMicros);
    }

    private static PathResult path(Layout layout, String name, long perSecond, long balancerCpuMicros,
                                   long partCpuMicros, long baseMicros) {
        long part = partCpuMicros * 1_000 * perSecond;
        long balancer = balancerCpuMicros * 1_000 * perSecond;
        long balancerAlloc = balancerCpuMicros == 0 ? 0 : 10_240 * perSecond;
        CpuMeter.Use use;
        if (layout.pinned()) {
            JvmSample main = new JvmSample(2 * part, new long[] {part, -1, part},
                    new long[] {5_120 * perSecond, -1, 5_120 * perSecond}, 2, 6, 50_000_000, perSecond);
            JvmSample own = new JvmSample(balancer, new long[] {-1, balancer, -1}, new long[] {-1, balancerAlloc, -1},
                    1, 2, 1_000_000, perSecond / 2);
            use = new CpuMeter.Use(1_000_000_000L, 0.95, new double[] {0.97, balancer == 0 ? 0.01 : 0.93}, main, own);
        } else {
            JvmSample main = new JvmSample(2 * part + balancer, new long[] {part, balancer, part},
                    new long[] {5_120 * perSecond, balancerAlloc, 5_120 * perSecond}, 2, 6, 50_000_000, perSecond);
            use = new CpuMeter.Use(1_000_000_000L, 0.95, new double[] {0.95, 0.95}, main, null);
        }
        PathResult.MaxRate max = new PathResult.MaxRate(new ClosedLoop.Result(perSecond, 0, 1_000_000_000L), use);
        Latencies latencies = new Latencies(100);
        Latencies lag = new Latencies(100);
        for (int i = 0; i < 100; i++) {
            latencies.record(baseMicros + i);
            lag.record(10);
        }
        PathResult.FixedRate fixed = new PathResult.FixedRate(new OpenLoop.Result(latencies, lag, 0, 100), use);
        return new PathResult(name, List.of(max), List.of(fixed));
    }

    static BenchResult run(Layout layout, long balancerPerSecond, long balancerBaseMicros) {
        String[] args = layout.pinned() ? new String[] {"--rounds", "1"} : new String[] {"--rounds", "1", "--layout",
            "shared"};
        return new BenchResult(BenchOptions.parse(args), MACHINE, layout, Instant.parse("2026-01-02T03:04:05Z"),
                Duration.ofSeconds(30), 100, path(layout, "direct", 40_000, 0, 100),
                path(layout, "balancer", balancerPerSecond, 30, balancerBaseMicros));
    }

    @Test
    void the_added_milliseconds_are_balancer_minus_direct_at_the_same_percentile() {
        BenchResult r = run(SHARED, 20_000, 200);

        assertThat(r.throughputRatio()).isEqualTo(0.5);
        assertThat(r.addedP50Ms()).isEqualTo(0.1);
        assertThat(r.addedP99Ms()).isEqualTo(0.1);
        assertThat(Goals.check(r)).allMatch(Goals.Check::pass);
    }

    @Test
    void the_per_part_numbers_are_per_answer_at_the_maximum_rate_whichever_jvm_the_part_is_in() {
        for (Layout layout : List.of(PINNED, SHARED)) {
            PathResult b = run(layout, 20_000, 200).balancer();

            assertThat(b.partCpuMicros(Part.BALANCER)).isEqualTo(30.0);
            assertThat(b.partCpuMicros(Part.CLIENT)).isEqualTo(15.0);
            assertThat(b.partAllocKib(Part.BALANCER)).isEqualTo(10.0);
            assertThat(b.cpuMicrosPerRequest()).isEqualTo(60.0);
            assertThat(b.fixedRateGc(CpuMeter.Jvm.MAIN).meanMillis()).isEqualTo(3.0);
        }
    }

    @Test
    void pinned_runs_split_the_cpu_by_jvm_and_shared_runs_have_no_balancer_jvm() {
        PathResult pinned = run(PINNED, 20_000, 200).balancer();
        PathResult shared = run(SHARED, 20_000, 200).balancer();

        assertThat(pinned.jvmCpuMicros(CpuMeter.Jvm.MAIN)).isEqualTo(30.0);
        assertThat(pinned.jvmCpuMicros(CpuMeter.Jvm.BALANCER)).isEqualTo(30.0);
        assertThat(pinned.fixedRateGc(CpuMeter.Jvm.BALANCER).pauses()).isEqualTo(1);
        assertThat(shared.jvmCpuMicros(CpuMeter.Jvm.BALANCER)).isNaN();
        assertThat(shared.fixedRateGc(CpuMeter.Jvm.BALANCER)).isNull();
    }

    @Test
    void the_document_names_the_command_the_date_the_machine_the_layout_and_every_verdict() {
        String doc = BenchDoc.of(run(SHARED, 20_000, 200), Comparison.of(run(SHARED, 20_000, 200), null, ""), "");

        assertThat(doc).contains("`./lab bench --rounds 1 --layout shared`", "2026-01-02 03:04 UTC", "Test CPU",
                "Linux 6.1", "| layout: shared | one JVM, 2 cores | one JVM, 2 cores |",
                "| max requests/s (closed loop, 16 conn.) | 40,000 | 20,000 | ratio 0.50 | >= 0.50 | PASS |",
                "| p50 | 0.149 ms | 0.249 ms | +0.100 ms | <= 0.3 ms | PASS |",
                "| 15.0 / 30.0 / 15.0 us |", "| waiting for a core at the fixed rate | 50 ms/s | 50 ms/s |",
                "in the **shared** layout", "closed loop, 16 keep-alive connections, 5 s per round, 1 round of direct",
                "open loop at 100 req/s (half the balancer's maximum)", "./lab bench --help");
        assertThat(doc).doesNotContain("n/a", "MISS", Comparison.BEGIN);
    }

    @Test
    void a_pinned_document_shows_each_core_and_each_jvm_in_its_tables() {
        String doc = BenchDoc.of(run(PINNED, 30_000, 200), Comparison.of(run(PINNED, 30_000, 200), null, ""), "");

        assertThat(doc).contains("**pinned** layout",
                "| layout: pinned | client+worker JVM on cpu 0 | + balancer JVM on cpu 1 |",
                "| max requests/s (closed loop, 16 conn.) | 40,000 | 30,000 | ratio 0.75 | >= 0.50 | PASS |",
                "|   cores busy, cpu 0 / cpu 1 | 97% / 1% | 97% / 93% |",
                "|   by JVM, client+worker / balancer | 30.0 / 0.0 us | 30.0 / 30.0 us |",
                "| GC pauses at the fixed rate, balancer JVM | 1 x 2.0 ms = 0.2% | 1 x 2.0 ms = 0.2% |",
                "| waiting for a core at the fixed rate, client+worker / balancer JVM | 50 / 1 ms/s | 50 / 1 ms/s |",
                "| event-loop wake-ups per request, client+worker / balancer JVM | 1.00 / 0.50 | 1.00 / 0.50 |",
                "layout (client + worker in one JVM on cpu 0, balancer in its own JVM on cpu 1)",
                "No shared-layout run is recorded yet");
        assertThat(doc).doesNotContain("n/a", "MISS");
    }

    @Test
    void a_missed_goal_is_a_miss_in_the_table() {
        String doc = BenchDoc.of(run(SHARED, 10_000, 2_600), Comparison.of(run(SHARED, 10_000, 2_600), null, ""), "");

        assertThat(doc).contains("ratio 0.25 | >= 0.50 | MISS", "+2.500 ms | <= 0.3 ms | MISS");
    }

    @Test
    void the_interpretation_people_wrote_survives_a_rewrite_and_nothing_else_is_prose_about_the_numbers() {
        String first = BenchDoc.of(run(PINNED, 30_000, 200), Comparison.of(run(PINNED, 30_000, 200), null, ""), "");
        assertThat(first).contains(Interpretation.BEGIN, "Not written yet", Interpretation.END);
        String written = first.replace("Not written yet: read the tables, then say here what they mean and what"
                + " explains them. `./lab bench` keeps this section when it rewrites the file.",
                "Through the balancer the path keeps 3/4 of the direct rate: a person wrote this.");

        String second = BenchDoc.of(run(PINNED, 20_000, 300), Comparison.of(run(PINNED, 20_000, 300), null, written),
                written);

        assertThat(second).contains("a person wrote this.", "| max requests/s (closed loop, 16 conn.) | 40,000 | 20,000 |")
                .doesNotContain("Not written yet", "| 40,000 | 30,000 |");
        assertThat(second.indexOf(Interpretation.BEGIN)).isEqualTo(second.lastIndexOf(Interpretation.BEGIN));
    }
}
