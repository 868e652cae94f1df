package dev.syncasync.theory.plan;

/**
 * One pool kind's answer: the smallest configuration that meets the objective (or why there is
 * none), what the model predicts for it and for the next smaller one, and what it costs.
 *
 * @param kind        the pool kind ({@code sync}, {@code async}, {@code virtual})
 * @param verdict     whether it meets the objective, and if not why
 * @param workers     worker servers
 * @param perWorker   slots per worker: a sync worker's threads, an async worker's event loops, a virtual
 *                    worker's max-concurrent (0 = no limit)
 * @param forecast    the model's prediction for this configuration (null when the cores cannot carry the rate)
 * @param smaller     the next smaller configuration's forecast, which misses the objective (null when none)
 * @param smallerWorkers the next smaller configuration's workers (0 when none)
 * @param coresBusy   the workers' cores busy on average
 * @param memoryMiB   the memory estimate of the pool and the balancer
 * @param reason      why it cannot meet or carry it; empty when it meets
 */
public record PoolPlan(String kind, Verdict verdict, int workers, int perWorker, Forecast forecast, Forecast smaller,
                       int smallerWorkers, double coresBusy, double memoryMiB, String reason) {

    /** Whether a pool kind meets the objective, and if not why. */
    public enum Verdict {
        /** The configuration meets the objective. */
        MEETS,
        /** No configuration of this kind meets it on these cores (async: the event loops' cores). */
        CANNOT_MEET,
        /** The cores, the balancer or the machine's memory cannot carry the rate with this kind. */
        CANNOT_CARRY
    }

    /** Whether this kind has a configuration that meets the objective. */
    public boolean meets() {
        return verdict == Verdict.MEETS;
    }
}
