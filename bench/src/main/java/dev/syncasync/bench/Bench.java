package dev.syncasync.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./lab bench}: starts one async worker and a balancer in front of it in the chosen
 * {@link Layout}, loads both paths in turn with the same client, prints the side-by-side table
 * and writes the Markdown report. Phases, in order: warm-up of each path, closed-loop rounds for
 * the maximum rates, then open-loop rounds at half the balancer's maximum for the latencies.
 * With {@code --compare-shared} the shared layout follows the pinned one, for the report.
 */
public final class Bench {

    private final BenchOptions options;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    private Bench(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the benchmark with {@code options}, prints the result and writes the report. */
    public static void run(BenchOptions options) throws InterruptedException, IOException {
        Bench bench = new Bench(options, System.out);
        // Before any pinning: the machine as the run found it.
        Machine machine = Machine.describe();
        Layout layout = Layout.choose(options.layout(), Taskset.allowedCpus(), Taskset.find().isPresent());
        bench.out.printf("bench: one async worker, direct and through the balancer; about %d s of load%n",
                options.plannedSeconds());
        BenchResult result = bench.measure(machine, layout);
        bench.print(result);
        BenchResult shared = null;
        if (options.compareShared() && result.layout().pinned()) {
            shared = bench.measure(machine, Layout.shared(layout.cores(), ""));
            bench.out.println("\nfor comparison, the shared layout:");
            bench.print(shared);
        } else if (options.compareShared()) {
            bench.out.println("bench: --compare-shared skipped: this run used the shared layout already");
        }
        if (options.writes()) {
            bench.write(Path.of(options.out()), result, shared);
        }
    }

    private void write(Path file, BenchResult result, BenchResult shared) throws IOException {
        String previous = Files.isRegularFile(file) ? Files.readString(file) : "";
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Comparison comparison = Comparison.of(result, shared, previous);
        Files.writeString(file, BenchDoc.of(result, comparison, previous));
        out.println("wrote " + file + comparison.consoleNote());
    }

    private BenchResult measure(Machine machine, Layout requested) throws InterruptedException, IOException {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        List<PathResult.MaxRate> maxD = new ArrayList<>();
        List<PathResult.MaxRate> maxB = new ArrayList<>();
        List<PathResult.FixedRate> fixedD = new ArrayList<>();
        List<PathResult.FixedRate> fixedB = new ArrayList<>();
        double rate;
        Layout layout;
        try (BenchServers servers = BenchServers.start(requested, out);
             LoadClient client = LoadClient.start(options.connections())) {
            layout = servers.layout();
            out.printf("bench: layout %s; about %d s of load%n", layout.describe(), options.loadSeconds());
            Target direct = servers.direct();
            Target balanced = servers.viaBalancer();
            CpuMeter meter = servers.meter(client.threadId());
            warmUp(client, direct, balanced);
            String pinned = servers.pin();
            if (!pinned.isEmpty()) {
                progress("pinned", pinned);
            }
            for (int round = 1; round <= options.rounds(); round++) {
                maxD.add(maxRate(client, meter, direct, round));
                maxB.add(maxRate(client, meter, balanced, round));
            }
            rate = options.rate() > 0 ? options.rate() : Math.floor(new PathResult("balancer", maxB, List.of())
                    .maxPerSecond() / 2);
            RateSchedule schedule = RateSchedule.of(rate, Duration.ofSeconds(options.seconds()));
            for (int round = 1; round <= options.rounds(); round++) {
                fixedD.add(fixedRate(client, meter, direct, schedule, round));
                fixedB.add(fixedRate(client, meter, balanced, schedule, round));
            }
            rate = schedule.ratePerSecond();
        }
        return new BenchResult(options, machine, layout, started, Duration.ofNanos(System.nanoTime() - t0), rate,
                new PathResult("direct", maxD, fixedD), new PathResult("balancer", maxB, fixedB));
    }

    /**
     * JIT, connection pools and first use of every class, on both paths. Two closed-loop passes,
     * interleaved: code shared by both paths (Netty, Vert.x) is recompiled once the second path's
     * types show up, and that must happen before the first round, not in it. Then one open-loop pass
     * each, so the pacing and recording code is compiled too: without it the first fixed-rate round
     * (always direct) compiled it on the fly, which pinned to one core cost that round a p99 of 4 to
     * 11 ms. Pinned, the JVMs are pinned only after all this, so the JIT can use every core meanwhile.
     */
    private void warmUp(LoadClient client, Target direct, Target balanced) throws InterruptedException {
        if (options.warmupSeconds() == 0) {
            return;
        }
        Duration closed = Duration.ofMillis(options.warmupSeconds() * 400L);
        ClosedLoop.Result last = null;
        for (int pass = 1; pass <= 2; pass++) {
            warmUpClosed(client, direct, closed, pass);
            last = warmUpClosed(client, balanced, closed, pass);
        }
        RateSchedule schedule = RateSchedule.of(Math.max(100, Math.floor(last.perSecond() / 2)),
                Duration.ofMillis(options.warmupSeconds() * 200L));
        for (Target target : new Target[] {direct, balanced}) {
            OpenLoop.Result r = OpenLoop.run(client, target, schedule);
            progress("warm-up open " + target.name(), ResultTables.perSecond(r.rate()) + " req/s"
                    + errors(r.errors()));
        }
    }

    private ClosedLoop.Result warmUpClosed(LoadClient client, Target target, Duration duration, int pass)
            throws InterruptedException {
        ClosedLoop.Result r = ClosedLoop.run(client, target, options.connections(), duration);
        if (r.ok() == 0) {
            throw new IllegalStateException("no request to " + target.url() + " succeeded during the warm-up ("
                    + r.errors() + " failed)");
        }
        progress("warm-up " + pass + "/2 " + target.name(),
                ResultTables.perSecond(r.perSecond()) + " req/s" + errors(r.errors()));
        return r;
    }

    private PathResult.MaxRate maxRate(LoadClient client, CpuMeter meter, Target target, int round)
            throws InterruptedException {
        CpuMeter.Mark mark = meter.mark();
        ClosedLoop.Result r = ClosedLoop.run(client, target, options.connections(),
                Duration.ofSeconds(options.seconds()));
        PathResult.MaxRate result = new PathResult.MaxRate(r, meter.since(mark));
        progress("max rate " + round + "/" + options.rounds() + " " + target.name(),
                ResultTables.perSecond(r.perSecond()) + " req/s, others' CPU "
                        + ResultTables.percent(result.cpu().others()) + errors(r.errors()));
        return result;
    }

    private PathResult.FixedRate fixedRate(LoadClient client, CpuMeter meter, Target target, RateSchedule schedule,
                                           int round) throws InterruptedException {
        CpuMeter.Mark mark = meter.mark();
        OpenLoop.Result r = OpenLoop.run(client, target, schedule);
        PathResult.FixedRate result = new PathResult.FixedRate(r, meter.since(mark));
        String latency = r.latencies().count() == 0 ? "no answers" : "p50 "
                + ResultTables.ms(r.latencies().percentile(50)) + ", p99 " + ResultTables.ms(r.latencies()
                .percentile(99));
        progress("fixed rate " + round + "/" + options.rounds() + " " + target.name(),
                ResultTables.perSecond(r.rate()) + " req/s: " + latency + ", others' CPU "
                        + ResultTables.percent(result.cpu().others()) + errors(r.errors()));
        return result;
    }

    private void print(BenchResult result) {
        out.println();
        out.print(ResultTables.summary(result).plain());
        out.println();
        out.print(ResultTables.maxRateRounds(result).plain());
        out.println();
        out.print(ResultTables.fixedRateRounds(result).plain());
        out.println();
    }

    private void progress(String phase, String detail) {
        out.printf("[%6.1f s] %-24s %s%n", (System.nanoTime() - startNanos) / 1e9, phase, detail);
    }

    private static String errors(long errors) {
        return errors == 0 ? "" : ", " + errors + " errors";
    }
}
