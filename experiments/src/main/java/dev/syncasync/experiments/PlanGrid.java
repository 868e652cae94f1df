package dev.syncasync.experiments;

import dev.syncasync.config.Section;
import dev.syncasync.theory.plan.AsyncPool;
import dev.syncasync.theory.plan.Capacity;
import dev.syncasync.theory.plan.Costs;
import dev.syncasync.theory.plan.Demand;
import dev.syncasync.theory.plan.Objective;
import dev.syncasync.theory.plan.PoolKind;
import dev.syncasync.theory.plan.PoolPlan;
import dev.syncasync.theory.plan.SyncPool;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code plan:} section of a sweep file: a grid of rates x io, each planned by
 * {@code ./lab plan}'s planner ({@link Capacity}, the lab's measured {@link Costs}) for its
 * objective, and the points that check it - each pool kind's answer and, with {@code smaller:
 * true}, the next smaller configuration - in the order rate, io, pool kind, answer first.
 */
final class PlanGrid {

    /** The most workers one point's lab may have (as {@code sync.workers} in a sweep file). */
    static final int MAX_WORKERS = 64;

    /**
     * The memory the planner checks a configuration against: not this machine's limit, the grid
     * is about latency, and a lab that does not fit fails to start, visibly.
     */
    private static final double ANY_MEMORY_MIB = 1e9;

    private PlanGrid() {
    }

    /** The points of {@code plan}, planned now; each worker container gets {@code memoryMb}. */
    static List<PlanPoint> read(Section plan, int memoryMb) {
        List<Integer> rates = integers(plan, "rates", 1, 10_000);
        List<Integer> ios = integers(plan, "io", 1, 60_000);
        List<Objective> objectives = objectives(plan, ios.size());
        List<String> pools = plan.strings("pools");
        pools = pools.isEmpty() ? List.of("sync") : pools;
        for (String pool : pools) {
            if (!pool.equals("sync") && !pool.equals("async")) {
                throw plan.error("pools", "each must be sync or async (the kinds a sweep's labs have), got '" + pool + "'");
            }
        }
        int threads = plan.integer("threads", 1, 1, 256);
        boolean smaller = plan.bool("smaller", true);
        int durationS = plan.integer("duration-s", 20, 5, 600);
        long seed = plan.integer("seed", 1, 0, Integer.MAX_VALUE);
        int cores = plan.integer("cores", Runtime.getRuntime().availableProcessors(), 1, 4096);
        List<PlanPoint> points = new ArrayList<>();
        for (int rate : rates) {
            for (int i = 0; i < ios.size(); i++) {
                Demand demand = new Demand(rate, ios.get(i), 0, cores, ANY_MEMORY_MIB);
                Objective objective = objectives.get(i);
                Capacity.impossible(demand, objective, Costs.LAB).ifPresent(why -> {
                    throw plan.error("slo", "at io=" + demand.ioMs() + ": " + why);
                });
                for (String pool : pools) {
                    PoolKind kind = pool.equals("sync") ? new SyncPool(threads) : new AsyncPool();
                    PoolPlan p = kind.plan(demand, objective, Costs.LAB, seed);
                    if (!p.meets()) {
                        throw plan.error("slo", rate + "/s io=" + ios.get(i) + ": the " + pool + " pool has no "
                                + "configuration that meets " + objective.describe() + " (" + p.reason() + ")");
                    }
                    if (p.workers() > MAX_WORKERS) {
                        throw plan.error("rates", rate + "/s io=" + ios.get(i) + " needs " + p.workers() + " " + pool
                                + " workers; a sweep's lab has at most " + MAX_WORKERS);
                    }
                    points.add(new PlanPoint(rate, ios.get(i), objective, seed, durationS, true,
                            new LabSpec(pool, p.workers(), p.perWorker(), memoryMb), p.forecast()));
                    if (smaller && p.smaller() != null) {
                        points.add(new PlanPoint(rate, ios.get(i), objective, seed, durationS, false,
                                new LabSpec(pool, p.smallerWorkers(), p.perWorker(), memoryMb), p.smaller()));
                    }
                }
            }
        }
        return points;
    }

    private static List<Integer> integers(Section plan, String key, int min, int max) {
        List<String> raw = plan.strings(key);
        if (raw.isEmpty()) {
            throw plan.error(key, "must list at least one value, e.g. [" + min * 10 + "]");
        }
        List<Integer> out = new ArrayList<>();
        for (String v : raw) {
            if (!v.matches("\\d{1,9}") || Integer.parseInt(v) < min || Integer.parseInt(v) > max) {
                throw plan.error(key, "must be a list of whole numbers in " + min + ".." + max + ", got '" + v + "'");
            }
            out.add(Integer.parseInt(v));
        }
        return out;
    }

    /** One objective for every io, or one per io in the same order. */
    private static List<Objective> objectives(Section plan, int ios) {
        List<String> raw = plan.strings("slo");
        if (raw.size() != 1 && raw.size() != ios) {
            throw plan.error("slo", "must be one objective for every io, or one per io (" + ios + "), got " + raw.size());
        }
        List<Objective> out = new ArrayList<>();
        for (String text : raw) {
            Objective objective;
            try {
                objective = Objective.parse(text);
            } catch (IllegalArgumentException e) {
                throw plan.error("slo", e.getMessage());
            }
            if (objective.waitOnly()) {
                throw plan.error("slo", "a grid checks latency objectives (pNN=TIME): the clients measure latencies, "
                        + "not queue waits; got '" + text + "'");
            }
            out.add(objective);
        }
        while (out.size() < ios) {
            out.add(out.get(0));
        }
        return out;
    }
}
