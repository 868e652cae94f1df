package dev.syncasync.theory.plan;

import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Virtual-thread workers (issue 14): the sync worker's blocking handler with each request on a
 * new virtual thread. Waiting holds no thread - a sleeping virtual thread unmounts from its
 * carrier - so, as on the async pool, {@code io} is one wave however many wait. A request's
 * {@code cpu} runs on a carrier and keeps it until it blocks, so the {@code cpu} part queues for
 * the carriers: one per core, shared by every virtual worker on those cores (docs/theory.md,
 * "carriers = cores"), a FIFO queue of {@code cores} slots that each hold a request {@code cpu}
 * plus the handling CPU. More workers add no carrier, so the answer is one worker.
 *
 * <p>With {@code virtual.max-concurrent} set, each worker serves at most that many requests at
 * once and the balancer queues the rest: a request holds one of {@code workers x maxConcurrent}
 * slots for its {@code io + cpu} plus the hop's hold, as a sync thread does, and the workers are
 * sized like the sync pool's (the {@code cpu} taken as running on a free carrier, as there).
 *
 * @param maxConcurrent requests one worker serves at once ({@code virtual.max-concurrent}); 0 = no limit
 */
public record VirtualPool(int maxConcurrent) implements PoolKind {

    public VirtualPool {
        if (maxConcurrent < 0) {
            throw new IllegalArgumentException("max-concurrent must be >= 0 (0 = no limit), got " + maxConcurrent);
        }
    }

    @Override
    public String name() {
        return "virtual";
    }

    @Override
    public PoolPlan plan(Demand demand, Objective objective, Costs costs, long seed) {
        double handling = costs.syncHandlingCpuMs();
        double busy = demand.coresBusy(demand.cpuMs() + handling);
        String carry = Capacity.carry(demand, costs, busy, handling);
        if (!carry.isEmpty()) {
            return new PoolPlan(name(), PoolPlan.Verdict.CANNOT_CARRY, 0, maxConcurrent, null, null, 0, busy, 0, carry);
        }
        return maxConcurrent == 0 ? unlimited(demand, objective, costs, seed, busy) : capped(demand, objective, costs, seed, busy);
    }

    /** No limit at once: only the cpu part queues, for the cores' carriers; one worker. */
    private PoolPlan unlimited(Demand demand, Objective objective, Costs costs, long seed, double busy) {
        double hold = demand.cpuMs() + costs.syncHandlingCpuMs();
        double fixed = demand.ioMs() + demand.cpuMs() + costs.roundTripMs();
        Forecast f = Forecast.of(demand.ratePerSec(), demand.cores(), hold, fixed, objective, seed);
        double memory = memory(1, f, demand, costs);
        if (!objective.metBy(f.objective())) {
            return new PoolPlan(name(), PoolPlan.Verdict.CANNOT_MEET, 1, 0, f, null, 0, busy, memory, String.format(
                    Locale.ROOT, "more carriers than the %d core%s: every virtual worker computes on the same ones",
                    demand.cores(), demand.cores() == 1 ? "" : "s"));
        }
        return verdict(1, f, null, busy, memory, demand);
    }

    /** At most {@code maxConcurrent} at once per worker: slots of io + cpu + hold, sized like the sync pool. */
    private PoolPlan capped(Demand demand, Objective objective, Costs costs, long seed, double busy) {
        double hold = demand.ioMs() + demand.cpuMs() + costs.holdMs();
        double fixed = demand.ioMs() + demand.cpuMs() + costs.roundTripMs();
        IntFunction<Forecast> forecast = w -> Forecast.of(demand.ratePerSec(), w * maxConcurrent, hold, fixed, objective,
                seed);
        int fewest = (int) Math.floor(demand.offeredLoad(hold) / maxConcurrent) + 1;
        int workers = Capacity.smallest(fewest, SyncPool.MAX_WORKERS, w -> objective.metBy(forecast.apply(w).objective()));
        if (workers < 0) {
            Forecast most = forecast.apply(SyncPool.MAX_WORKERS);
            return new PoolPlan(name(), PoolPlan.Verdict.CANNOT_MEET, SyncPool.MAX_WORKERS, maxConcurrent, most, null, 0,
                    busy, memory(SyncPool.MAX_WORKERS, most, demand, costs), "more than " + SyncPool.MAX_WORKERS
                            + " workers of " + maxConcurrent + " at once");
        }
        Forecast chosen = forecast.apply(workers);
        return verdict(workers, chosen, workers > 1 ? forecast.apply(workers - 1) : null, busy,
                memory(workers, chosen, demand, costs), demand);
    }

    private PoolPlan verdict(int workers, Forecast chosen, Forecast smaller, double busy, double memory, Demand demand) {
        int smallerWorkers = smaller == null ? 0 : workers - 1;
        if (memory > demand.memoryMiB()) {
            return new PoolPlan(name(), PoolPlan.Verdict.CANNOT_CARRY, workers, maxConcurrent, chosen, smaller,
                    smallerWorkers, busy, memory, Capacity.tooBig(memory, demand));
        }
        return new PoolPlan(name(), PoolPlan.Verdict.MEETS, workers, maxConcurrent, chosen, smaller, smallerWorkers, busy,
                memory, "");
    }

    /**
     * The balancer, a JVM per worker (the sync worker's image and JVM: {@link Costs#syncWorkerMiB}),
     * and per request in flight its allocation plus its virtual thread.
     */
    private static double memory(int workers, Forecast f, Demand demand, Costs costs) {
        double threads = demand.ratePerSec() * f.mean() / 1000 * costs.virtualThreadKiB() / 1024;
        return costs.balancerMiB() + workers * costs.syncWorkerMiB() + Capacity.inFlightMiB(demand, f, costs) + threads;
    }
}
