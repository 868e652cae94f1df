package dev.syncasync.theory.plan;

import java.util.function.IntFunction;

/**
 * Event-loop workers of one event loop each: waiting costs no slot ({@code io} is one wave,
 * however many requests wait at once), but a request's {@code cpu} runs on its loop and holds
 * it. So the {@code cpu} part queues for the loops - a FIFO queue of {@code workers} slots that
 * each hold a request {@code cpu} plus the handling CPU - and loops beyond the cores add no
 * CPU: at most one worker per core. (The balancer spreads requests by least-in-flight, not
 * through one queue in front of the loops: with {@code cpu} the forecast is the shared queue's,
 * a lower bound on the loops' own queues.)
 */
public record AsyncPool() implements PoolKind {

    @Override
    public String name() {
        return "async";
    }

    @Override
    public PoolPlan plan(Demand demand, Objective objective, Costs costs, long seed) {
        double hold = demand.cpuMs() + costs.asyncHandlingCpuMs();
        double fixed = demand.ioMs() + demand.cpuMs() + costs.roundTripMs();
        double busy = demand.coresBusy(hold);
        String carry = Capacity.carry(demand, costs, busy, costs.asyncHandlingCpuMs());
        if (!carry.isEmpty()) {
            return new PoolPlan(name(), PoolPlan.Verdict.CANNOT_CARRY, 0, 1, null, null, 0, busy, 0, carry);
        }
        IntFunction<Forecast> forecast = k -> Forecast.of(demand.ratePerSec(), k, hold, fixed, objective, seed);
        int fewest = (int) Math.floor(demand.offeredLoad(hold)) + 1;
        int workers = Capacity.smallest(fewest, demand.cores(), k -> objective.metBy(forecast.apply(k).objective()));
        if (workers < 0) {
            Forecast most = forecast.apply(demand.cores());
            return new PoolPlan(name(), PoolPlan.Verdict.CANNOT_MEET, demand.cores(), 1, most, null, 0, busy,
                    memory(demand.cores(), most, demand, costs), "more event loops than the " + demand.cores()
                            + " cores: each computes its requests' cpu one after another");
        }
        Forecast chosen = forecast.apply(workers);
        Forecast smaller = workers > 1 ? forecast.apply(workers - 1) : null;
        double memory = memory(workers, chosen, demand, costs);
        if (memory > demand.memoryMiB()) {
            return new PoolPlan(name(), PoolPlan.Verdict.CANNOT_CARRY, workers, 1, chosen, smaller, workers - 1, busy,
                    memory, Capacity.tooBig(memory, demand));
        }
        return new PoolPlan(name(), PoolPlan.Verdict.MEETS, workers, 1, chosen, smaller, workers - 1, busy, memory, "");
    }

    private static double memory(int workers, Forecast f, Demand demand, Costs costs) {
        return costs.balancerMiB() + workers * costs.asyncWorkerMiB() + Capacity.inFlightMiB(demand, f, costs);
    }
}
