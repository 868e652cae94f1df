package dev.syncasync.theory.plan;

/**
 * One kind of worker pool the planner sizes ({@link SyncPool}, {@link AsyncPool},
 * {@link VirtualPool}). A new kind is one more implementation in {@link Capacity#kinds}: it says
 * what a request holds and for how long, how many slots a configuration has, and what its
 * workers cost.
 */
public interface PoolKind {

    /** The name the lab uses for it ({@code sync}, {@code async}, {@code virtual}). */
    String name();

    /** The smallest configuration of this kind that meets {@code objective} for {@code demand}. */
    PoolPlan plan(Demand demand, Objective objective, Costs costs, long seed);
}
