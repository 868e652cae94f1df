package dev.syncasync.theory.plan;

import java.util.function.IntFunction;

/**
 * Blocking workers of {@code threadsPerWorker} threads each: a request holds a thread for its
 * whole {@code io} and {@code cpu} (plus the hop's hold), so the balancer's FIFO queue feeds
 * {@code workers x threads} slots - the model {@code ./lab demo}'s open model asserts. The CPU
 * part is taken as running on a free core: the cores' utilisation is checked, not queued for.
 *
 * @param threadsPerWorker threads per sync worker (the lab's default: 1, like gunicorn's sync workers)
 */
public record SyncPool(int threadsPerWorker) implements PoolKind {

    /** The most sync workers a topology file takes ({@code sync.workers}). */
    public static final int MAX_WORKERS = 1_024;

    public SyncPool {
        if (threadsPerWorker < 1) {
            throw new IllegalArgumentException("need at least one thread per worker, got " + threadsPerWorker);
        }
    }

    @Override
    public String name() {
        return "sync";
    }

    @Override
    public PoolPlan plan(Demand demand, Objective objective, Costs costs, long seed) {
        double hold = demand.ioMs() + demand.cpuMs() + costs.holdMs();
        double fixed = demand.ioMs() + demand.cpuMs() + costs.roundTripMs();
        double busy = demand.coresBusy(demand.cpuMs() + costs.syncHandlingCpuMs());
        String carry = Capacity.carry(demand, costs, busy, costs.syncHandlingCpuMs());
        if (!carry.isEmpty()) {
            return new PoolPlan(name(), PoolPlan.Verdict.CANNOT_CARRY, 0, threadsPerWorker, null, null, 0, busy, 0, carry);
        }
        IntFunction<Forecast> forecast = w -> Forecast.of(demand.ratePerSec(), w * threadsPerWorker, hold, fixed, objective,
                seed);
        int fewest = (int) Math.floor(demand.offeredLoad(hold) / threadsPerWorker) + 1;
        int workers = Capacity.smallest(fewest, MAX_WORKERS, w -> objective.metBy(forecast.apply(w).objective()));
        if (workers < 0) {
            Forecast most = forecast.apply(MAX_WORKERS);
            return new PoolPlan(name(), PoolPlan.Verdict.CANNOT_MEET, MAX_WORKERS, threadsPerWorker, most, null, 0, busy,
                    memory(MAX_WORKERS, most, demand, costs), "more than " + MAX_WORKERS + " workers of "
                            + threadsPerWorker + " thread" + (threadsPerWorker == 1 ? "" : "s"));
        }
        Forecast chosen = forecast.apply(workers);
        Forecast smaller = workers > 1 ? forecast.apply(workers - 1) : null;
        double memory = memory(workers, chosen, demand, costs);
        if (memory > demand.memoryMiB()) {
            return new PoolPlan(name(), PoolPlan.Verdict.CANNOT_CARRY, workers, threadsPerWorker, chosen, smaller,
                    workers - 1, busy, memory, Capacity.tooBig(memory, demand));
        }
        return new PoolPlan(name(), PoolPlan.Verdict.MEETS, workers, threadsPerWorker, chosen, smaller, workers - 1, busy,
                memory, "");
    }

    private double memory(int workers, Forecast f, Demand demand, Costs costs) {
        double threads = workers * (costs.syncWorkerMiB() + (threadsPerWorker - 1) * costs.threadStackKiB() / 1024);
        return costs.balancerMiB() + threads + Capacity.inFlightMiB(demand, f, costs);
    }
}
