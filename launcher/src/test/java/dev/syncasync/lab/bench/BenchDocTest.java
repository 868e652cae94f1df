package dev.syncasync.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report from a made-up run: the arithmetic between the rounds and the table, no load. */
class BenchDocTest {

    private static final Machine MACHINE = new Machine(2, "Test CPU", "Linux 6.1", "Test JDK 25",
            "GC Copy + MarkSweepCompact, -XX:+UseSerialGC", "0.10 0.20 0.30");

    /** 1 s at {@code perSecond}, {@code cpuMicros} per request on each loop, latencies base..base+99 us. */
    private static PathResult path(String name, long perSecond, long balancerCpuMicros, long baseMicros) {
        long[] cpu = {15_000 * perSecond, balancerCpuMicros * 1_000 * perSecond, 15_000 * perSecond};
        long[] alloc = {5_120 * perSecond, balancerCpuMicros == 0 ? 0 : 10_240 * perSecond, 5_120 * perSecond};
        CpuMeter.Use use = new CpuMeter.Use(cpu[0] + cpu[1] + cpu[2], 0.95, 0.02, cpu, alloc, 1_000_000_000L, 2, 6,
                50_000_000);
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

    private static BenchResult run(long balancerPerSecond, long balancerBaseMicros) {
        return new BenchResult(BenchOptions.parse(new String[] {"--rounds", "1"}), MACHINE,
                Instant.parse("2026-01-02T03:04:05Z"), Duration.ofSeconds(30), 100,
                path("direct", 40_000, 0, 100), path("balancer", balancerPerSecond, 30, balancerBaseMicros));
    }

    @Test
    void the_added_milliseconds_are_balancer_minus_direct_at_the_same_percentile() {
        BenchResult r = run(20_000, 200);

        assertThat(r.throughputRatio()).isEqualTo(0.5);
        assertThat(r.addedP50Ms()).isEqualTo(0.1);
        assertThat(r.addedP99Ms()).isEqualTo(0.1);
        assertThat(Goals.check(r)).allMatch(Goals.Check::pass);
    }

    @Test
    void the_per_part_numbers_are_per_answer_at_the_maximum_rate() {
        PathResult b = run(20_000, 200).balancer();

        assertThat(b.partCpuMicros(Part.BALANCER)).isEqualTo(30.0);
        assertThat(b.partCpuMicros(Part.CLIENT)).isEqualTo(15.0);
        assertThat(b.partAllocKib(Part.BALANCER)).isEqualTo(10.0);
        assertThat(b.cpuMicrosPerRequest()).isEqualTo(60.0);
        assertThat(b.fixedRateGc().meanMillis()).isEqualTo(3.0);
    }

    @Test
    void a_pause_delays_requests_for_longer_the_closer_the_rate_is_to_the_maximum() {
        assertThat(Reading.stretch(20_000, 10_000)).isEqualTo(2.0);
        assertThat(Reading.stretch(50_000, 10_000)).isEqualTo(1.25);
        assertThat(Reading.stretch(10_000, 10_000)).isInfinite();
    }

    @Test
    void the_document_names_the_command_the_date_the_machine_and_every_verdict() {
        String doc = BenchDoc.of(run(20_000, 200));

        assertThat(doc).contains("`./lab bench --rounds 1`", "2026-01-02 03:04 UTC", "Test CPU", "Linux 6.1",
                "| max requests/s (closed loop, 16 conn.) | 40,000 | 20,000 | ratio 0.50 | >= 0.50 | PASS |",
                "| p50 | 0.149 ms | 0.249 ms | +0.100 ms | <= 0.3 ms | PASS |",
                "| 15.0 / 30.0 / 15.0 us |", "it meets the >= 50% goal", "about 33,333 req/s",
                "| waiting for a core at the fixed rate | 50 ms/s | 50 ms/s |");
        assertThat(doc).doesNotContain("n/a", "MISS");
    }

    @Test
    void a_missed_goal_is_a_miss_in_the_table_and_in_the_reading() {
        String doc = BenchDoc.of(run(10_000, 2_600));

        assertThat(doc).contains("ratio 0.25 | >= 0.50 | MISS", "it misses the >= 50% goal",
                "+2.500 ms | <= 0.3 ms | MISS", "The median misses", "To meet the p99 goal");
    }
}
