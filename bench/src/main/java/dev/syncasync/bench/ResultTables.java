package dev.syncasync.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleBiFunction;

/** The tables of a run: the side-by-side summary with the goals, and every round on its own. */
final class ResultTables {

    private ResultTables() {
    }

    /** Both paths side by side, what the balancer adds, and each goal's verdict. */
    static Table summary(BenchResult r) {
        PathResult d = r.direct();
        PathResult b = r.balancer();
        Latencies.Summary dl = d.latency();
        Latencies.Summary bl = b.latency();
        List<Goals.Check> goals = Goals.check(r);
        Layout layout = r.layout();
        String rateWhy = r.options().rate() > 0 ? "--rate" : "half the balancer's max";
        Table t = new Table("", "direct", "balancer", "balancer vs direct", "goal", "")
                .row("layout: " + layout.label(), processes(layout, false), processes(layout, true), "", "", "")
                .row("max requests/s (closed loop, " + r.options().connections() + " conn.)",
                        perSecond(d.maxPerSecond()), perSecond(b.maxPerSecond()),
                        "ratio " + goals.get(0).measured(), goals.get(0).goal(), goals.get(0).verdict())
                .row(layout.pinned() ? "  cores busy, cpu " + layout.clientCpu() + " / cpu " + layout.balancerCpu()
                        : "  machine busy", busy(d, layout), busy(b, layout), "", "", "")
                .row("CPU per request, all threads of all JVMs", micros(d.cpuMicrosPerRequest()),
                        micros(b.cpuMicrosPerRequest()),
                        format("x%.2f", b.cpuMicrosPerRequest() / d.cpuMicrosPerRequest()), "", "");
        if (layout.pinned()) {
            t.row("  by JVM, client+worker / balancer", jvms(d), jvms(b), "", "", "");
            t.row("event-loop wake-ups per request, client+worker / balancer JVM", wakeups(d, true),
                    wakeups(b, true), "", "", "");
        } else {
            t.row("event-loop wake-ups per request", wakeups(d, false), wakeups(b, false), "", "", "");
        }
        t.row("  of which client / balancer / worker loop", parts(d, PathResult::partCpuMicros, "us"),
                        parts(b, PathResult::partCpuMicros, "us"), "", "", "")
                .row("allocated per request, client / balancer / worker", parts(d, PathResult::partAllocKib, "KiB"),
                        parts(b, PathResult::partAllocKib, "KiB"), "", "", "")
                .row("fixed rate (open loop, " + rateWhy + ")", perSecond(r.rate()), perSecond(r.rate()), "", "", "")
                .row("p50", ms(dl.p50()), ms(bl.p50()), goals.get(1).measured(), goals.get(1).goal(),
                        goals.get(1).verdict())
                .row("p99", ms(dl.p99()), ms(bl.p99()), goals.get(2).measured(), goals.get(2).goal(),
                        goals.get(2).verdict())
                .row("p99.9", ms(dl.p999()), ms(bl.p999()), added(dl.p999(), bl.p999()), "", "")
                .row("max", ms(dl.max()), ms(bl.max()), added(dl.max(), bl.max()), "", "");
        if (layout.pinned()) {
            t.row("GC pauses at the fixed rate, client+worker JVM", gc(d, CpuMeter.Jvm.MAIN),
                    gc(b, CpuMeter.Jvm.MAIN), "", "", "");
            t.row("GC pauses at the fixed rate, balancer JVM", gc(d, CpuMeter.Jvm.BALANCER),
                    gc(b, CpuMeter.Jvm.BALANCER), "", "", "");
            t.row("waiting for a core at the fixed rate, client+worker / balancer JVM", waiting(d, layout),
                    waiting(b, layout), "", "", "");
        } else {
            t.row("GC pauses at the fixed rate (the one JVM)", gc(d, CpuMeter.Jvm.MAIN), gc(b, CpuMeter.Jvm.MAIN),
                    "", "", "");
            t.row("waiting for a core at the fixed rate", waiting(d, layout), waiting(b, layout), "", "", "");
        }
        return t.row("client send lag p99", ms(d.sendLag().p99()), ms(b.sendLag().p99()), "", "", "")
                .row("errors (max rate / fixed rate)", d.maxRateErrors() + " / " + d.fixedRateErrors(),
                        b.maxRateErrors() + " / " + b.fixedRateErrors(), "", "", "");
    }

    /** Which processes serve a path, and where. */
    static String processes(Layout layout, boolean viaBalancer) {
        if (!layout.pinned()) {
            return "one JVM, " + layout.cores() + (layout.cores() == 1 ? " core" : " cores");
        }
        return viaBalancer ? "+ balancer JVM on cpu " + layout.balancerCpu()
                : "client+worker JVM on cpu " + layout.clientCpu();
    }

    /** Busy share at the maximum rate: each pinned core, or the whole machine. */
    static String busy(PathResult path, Layout layout) {
        return layout.pinned()
                ? percent(path.maxRateCpuBusy(layout.clientCpu())) + " / " + percent(path.maxRateCpuBusy(
                        layout.balancerCpu()))
                : percent(path.maxRateMachineBusy());
    }

    /**
     * How often the event loops got a core per request at the maximum rate: a loop that finds many
     * requests ready at each wake-up pays its system calls and context switches fewer times.
     */
    static String wakeups(PathResult path, boolean bothJvms) {
        double main = path.loopWakeupsPerRequest(CpuMeter.Jvm.MAIN);
        return bothJvms ? format("%.2f / %.2f", main, path.loopWakeupsPerRequest(CpuMeter.Jvm.BALANCER))
                : format("%.2f", main);
    }

    /** {@code 31.2 / 38.0 us}: CPU per request of the client+worker JVM and of the balancer's. */
    static String jvms(PathResult path) {
        return format("%.1f / %.1f us", path.jvmCpuMicros(CpuMeter.Jvm.MAIN),
                path.jvmCpuMicros(CpuMeter.Jvm.BALANCER));
    }

    /** The closed-loop rounds, so the spread between rounds is visible. */
    static Table maxRateRounds(BenchResult r) {
        Table t = new Table("round", "direct req/s", "balancer req/s", "ratio", "others' CPU (direct / balancer)");
        for (int i = 0; i < r.direct().maxRates().size(); i++) {
            PathResult.MaxRate d = r.direct().maxRates().get(i);
            PathResult.MaxRate b = r.balancer().maxRates().get(i);
            t.row(Integer.toString(i + 1), perSecond(d.run().perSecond()), perSecond(b.run().perSecond()),
                    format("%.2f", b.run().perSecond() / d.run().perSecond()),
                    percent(d.cpu().others()) + " / " + percent(b.cpu().others()));
        }
        return t;
    }

    /** The open-loop rounds, each with its own percentiles. */
    static Table fixedRateRounds(BenchResult r) {
        Table t = new Table("round", "direct p50", "direct p99", "balancer p50", "balancer p99", "added p50",
                "added p99", "others' CPU (direct / balancer)");
        for (int i = 0; i < r.direct().fixedRates().size(); i++) {
            PathResult.FixedRate d = r.direct().fixedRates().get(i);
            PathResult.FixedRate b = r.balancer().fixedRates().get(i);
            Latencies.Summary dl = d.run().latencies().summary();
            Latencies.Summary bl = b.run().latencies().summary();
            t.row(Integer.toString(i + 1), ms(dl.p50()), ms(dl.p99()), ms(bl.p50()), ms(bl.p99()),
                    added(dl.p50(), bl.p50()), added(dl.p99(), bl.p99()),
                    percent(d.cpu().others()) + " / " + percent(b.cpu().others()));
        }
        return t;
    }

    /** {@code 12.0 / 0.0 / 15.3 us}: one value per part, in {@link Part} order. */
    static String parts(PathResult path, ToDoubleBiFunction<PathResult, Part> value, String unit) {
        StringBuilder out = new StringBuilder();
        for (Part part : Part.values()) {
            double v = value.applyAsDouble(path, part);
            out.append(out.isEmpty() ? "" : " / ").append(Double.isNaN(v) ? "n/a" : format("%.1f", v));
        }
        return out.append(' ').append(unit).toString();
    }

    /** {@code 14 x 2.6 ms = 0.8%}: how often a JVM stopped, for how long, and its share of the time. */
    static String gc(PathResult path, CpuMeter.Jvm jvm) {
        PathResult.GcPauses gc = path.fixedRateGc(jvm);
        return gc == null ? "n/a" : format("%d x %.1f ms = %.1f%%", gc.pauses(), gc.meanMillis(), 100 * gc.share());
    }

    /** Run-queue wait in milliseconds per second: of the one JVM, or of both JVMs when pinned. */
    static String waiting(PathResult path, Layout layout) {
        String main = waiting(path, CpuMeter.Jvm.MAIN);
        return layout.pinned() ? main + " / " + waiting(path, CpuMeter.Jvm.BALANCER) + " ms/s" : main + " ms/s";
    }

    static String waiting(PathResult path, CpuMeter.Jvm jvm) {
        double v = path.fixedRateRunQueueMsPerSecond(jvm);
        return Double.isNaN(v) ? "n/a" : format("%.0f", v);
    }

    static String ms(long micros) {
        return format("%.3f ms", micros / 1_000.0);
    }

    static String added(long directMicros, long balancerMicros) {
        return format("%+.3f ms", (balancerMicros - directMicros) / 1_000.0);
    }

    static String perSecond(double value) {
        return format("%,.0f", value);
    }

    static String micros(double value) {
        return Double.isNaN(value) ? "n/a" : format("%.1f us", value);
    }

    static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : format("%.0f%%", share * 100);
    }

    static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
