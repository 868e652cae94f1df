package dev.syncasync.demo;

import dev.syncasync.theory.ErlangC;
import dev.syncasync.theory.plan.Capacity;
import dev.syncasync.theory.plan.Costs;
import dev.syncasync.theory.plan.Demand;
import dev.syncasync.theory.plan.Forecast;
import dev.syncasync.theory.plan.PoolPlan;
import java.util.Comparator;
import java.util.Locale;

/** What {@code ./lab plan} prints: the demand, each pool kind's answer, the ceilings, the costs and their sources. */
final class PlanReport {

    private static final String ROW = "%-7s %-26s %6s %6s %8s %8s %9s %11s %9s  %s%n";

    private PlanReport() {
    }

    static String render(PlanCommand.Plan plan) {
        Demand d = plan.demand();
        Costs c = plan.costs();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "plan: %s req/s, each io %s ms + cpu %s ms; objective %s; the workers on "
                + "%d core%s, %s MiB of memory%n", num(d.ratePerSec()), num(d.ioMs()), num(d.cpuMs()),
                plan.objective().describe(), d.cores(), d.cores() == 1 ? "" : "s", num(d.memoryMiB())));
        out.append(String.format(Locale.ROOT, "model: %,d Poisson arrivals (seed %d) through the balancer's FIFO queue into "
                + "the pool's slots (theory.PoissonSchedule, theory.SlotQueue: the model ./lab demo asserts); latency = "
                + "wait + io + cpu + round trip %s ms%n", Forecast.ARRIVALS, plan.seed(), num(c.roundTripMs())));
        out.append(String.format(Locale.ROOT, "offered load: sync %s erlangs (%s req/s x (io + cpu + hold %s ms)), async "
                + "%s erlangs on its event loops (cpu + %s ms of handling), virtual %s erlangs on its carriers (cpu + %s "
                + "ms)%n%n", num2(d.offeredLoad(d.ioMs() + d.cpuMs() + c.holdMs())), num(d.ratePerSec()), num(c.holdMs()),
                num2(d.offeredLoad(d.cpuMs() + c.asyncHandlingCpuMs())), num(c.asyncHandlingCpuMs()),
                num2(d.offeredLoad(d.cpuMs() + c.syncHandlingCpuMs())), num(c.syncHandlingCpuMs())));
        out.append(String.format(Locale.ROOT, ROW, "pool", "configuration", "slots", "util.", "p50 ms", "p99 ms",
                "wait p99", "cores busy", "memory", "verdict"));
        for (PoolPlan p : plan.pools()) {
            rows(out, p, plan);
        }
        out.append('\n');
        if (plan.pools().stream().anyMatch(p -> p.kind().equals("virtual") && p.perWorker() == 0 && p.forecast() != null)) {
            out.append("virtual: its slots are the carriers (one per core) its requests' cpu queues for; waiting holds "
                    + "none, so more virtual workers add nothing (--max-concurrent caps each worker)\n");
        }
        ceilings(out, d, c);
        if (d.cpuMs() > 0) {
            out.append(String.format(Locale.ROOT, "note: the sync forecast takes each request's cpu as running on a free "
                    + "core; with %.2f of the %d cores busy on average, requests share cores part of the time and take "
                    + "longer (processor sharing, not in this forecast): it is optimistic%n",
                    d.coresBusy(d.cpuMs() + c.syncHandlingCpuMs()), d.cores()));
        }
        cheapest(out, plan);
        crossCheck(out, plan);
        out.append("costs (the lab's measurements, not fitted to this plan):\n");
        Costs.sources().forEach(s -> out.append("  ").append(s).append('\n'));
        return out.toString();
    }

    private static void rows(StringBuilder out, PoolPlan p, PlanCommand.Plan plan) {
        String objective = plan.objective().describe();
        if (p.forecast() == null) {
            out.append(String.format(Locale.ROOT, ROW, p.kind(), "-", "-", "-", "-", "-", "-",
                    busy(p.coresBusy(), plan.demand().cores()), "-", "cannot carry it: " + p.reason()));
            return;
        }
        String verdict = switch (p.verdict()) {
            case MEETS -> "meets " + objective;
            case CANNOT_MEET -> "cannot meet it: needs " + p.reason();
            case CANNOT_CARRY -> "cannot carry it: " + p.reason();
        };
        out.append(row(p.kind(), configuration(p.kind(), p.workers(), p.perWorker()), p.forecast(),
                busy(p.coresBusy(), plan.demand().cores()), String.format(Locale.ROOT, "%.0f MiB", p.memoryMiB()), verdict));
        if (p.smaller() != null) {
            out.append(row("", "  " + configuration(p.kind(), p.smallerWorkers(), p.perWorker()), p.smaller(), "", "",
                    "misses it: the next smaller" + (p.smaller().stable() ? "" : " (no steady state: the queue grows)")));
        }
    }

    private static String row(String kind, String configuration, Forecast f, String busy, String memory, String verdict) {
        return String.format(Locale.ROOT, ROW, kind, configuration, f.slots(), percent(f.utilisation()), ms(f.p50()),
                ms(f.p99()), ms(f.waitP99()), busy, memory, verdict);
    }

    /** {@code 5 workers x 1 thread}, {@code 1 worker x 1 event loop}, {@code 1 worker, no limit at once}. */
    static String configuration(String kind, int workers, int perWorker) {
        String count = workers + " worker" + (workers == 1 ? "" : "s");
        if (kind.equals("virtual")) {
            return perWorker == 0 ? count + ", no limit at once" : count + " x " + perWorker + " at once";
        }
        String unit = kind.equals("sync") ? "thread" : "event loop";
        return workers + " worker" + (workers == 1 ? "" : "s") + " x " + perWorker + " " + unit + (perWorker == 1 ? "" : "s");
    }

    private static void ceilings(StringBuilder out, Demand d, Costs c) {
        out.append(String.format(Locale.ROOT, "CPU ceiling: the workers' %d core%s carry at most %s req/s on sync (cpu %s + "
                + "%s ms of handling per request; virtual the same) and %s req/s on async (cpu %s + %s ms); the balancer "
                + "%s req/s on a core of its own%n", d.cores(), d.cores() == 1 ? "" : "s",
                num(Capacity.ceiling(d.cores(), d.cpuMs() + c.syncHandlingCpuMs())), num(d.cpuMs()),
                num(c.syncHandlingCpuMs()), num(Capacity.ceiling(d.cores(), d.cpuMs() + c.asyncHandlingCpuMs())),
                num(d.cpuMs()), num(c.asyncHandlingCpuMs()), num(c.balancerMaxRate())));
    }

    private static void cheapest(StringBuilder out, PlanCommand.Plan plan) {
        plan.pools().stream().filter(PoolPlan::meets).min(Comparator.comparingDouble(PoolPlan::memoryMiB))
                .ifPresent(p -> out.append(String.format(Locale.ROOT, "least memory: %s, %s (about %.0f MiB with the "
                        + "balancer)%n", p.kind(), configuration(p.kind(), p.workers(), p.perWorker()), p.memoryMiB())));
    }

    /**
     * Erlang C's closed form beside the sync forecast: M/M/c's wait quantile halved for
     * deterministic service (the M/D/c approximation the report shows beside the demo's open model).
     */
    private static void crossCheck(StringBuilder out, PlanCommand.Plan plan) {
        PoolPlan sync = plan.of("sync");
        if (sync.forecast() == null || plan.objective().waitOnly()) {
            return;
        }
        Demand d = plan.demand();
        double hold = d.ioMs() + d.cpuMs() + plan.costs().holdMs();
        StringBuilder line = new StringBuilder("cross-check, Erlang C (M/D/c: the M/M/c wait halved), p99:");
        for (Forecast f : new Forecast[] {sync.forecast(), sync.smaller()}) {
            if (f == null) {
                continue;
            }
            String value = f.stable() ? ms(Capacity.leastLatencyMs(d, plan.costs())
                    + ErlangC.waitPercentile(d.ratePerSec() / 1000, f.slots(), hold, 0.99) / 2) + " ms" : "no steady state";
            line.append(String.format(Locale.ROOT, " %d slot%s %s (forecast %s ms);", f.slots(), f.slots() == 1 ? "" : "s", value,
                    ms(f.p99())));
        }
        out.append(line.substring(0, line.length() - 1)).append('\n');
    }

    private static String busy(double busy, int cores) {
        return String.format(Locale.ROOT, "%.2f of %d", busy, cores);
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v * 100);
    }

    static String ms(double v) {
        return Double.isInfinite(v) ? "inf" : String.format(Locale.ROOT, "%.0f", v);
    }

    /** A number as the plan prints it: whole with thousands separators when whole, else one decimal. */
    static String num(double v) {
        if (Double.isInfinite(v)) {
            return "unlimited";
        }
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String num2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
