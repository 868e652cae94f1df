package dev.syncasync.bench;

import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * Everything measured on one path (direct or through the balancer), round by round.
 *
 * @param name       {@code direct} or {@code balancer}
 * @param maxRates   the closed-loop rounds
 * @param fixedRates the open-loop rounds
 */
record PathResult(String name, List<MaxRate> maxRates, List<FixedRate> fixedRates) {

    /** One closed-loop round and the CPU it took. */
    record MaxRate(ClosedLoop.Result run, CpuMeter.Use cpu) {
    }

    /** One open-loop round and the CPU it took. */
    record FixedRate(OpenLoop.Result run, CpuMeter.Use cpu) {
    }

    /** Answers per second over all closed-loop rounds together. */
    double maxPerSecond() {
        long ok = maxRates.stream().mapToLong(m -> m.run().ok()).sum();
        long nanos = maxRates.stream().mapToLong(m -> m.run().elapsedNanos()).sum();
        return nanos == 0 ? 0 : ok * 1e9 / nanos;
    }

    /** CPU time of every JVM of the run (client, balancer, worker, GC, JIT) per answer at the maximum rate. */
    double cpuMicrosPerRequest() {
        long ok = maxRates.stream().mapToLong(m -> m.run().ok()).sum();
        long cpu = maxRates.stream().mapToLong(m -> m.cpu().processNanos()).sum();
        return ok == 0 ? Double.NaN : cpu / 1_000.0 / ok;
    }

    /** CPU time of one JVM, all its threads, per answer at the maximum rate; NaN if it is not there. */
    double jvmCpuMicros(CpuMeter.Jvm jvm) {
        if (maxRates.stream().anyMatch(m -> m.cpu().jvm(jvm) == null)) {
            return Double.NaN;
        }
        return perAnswer(m -> m.cpu().jvm(jvm).cpuNanos()) / 1_000.0;
    }

    /** Times one JVM's event loops were put on a core, per answer at the maximum rate; NaN if unknown. */
    double loopWakeupsPerRequest(CpuMeter.Jvm jvm) {
        if (maxRates.stream().anyMatch(m -> m.cpu().jvm(jvm) == null || m.cpu().jvm(jvm).loopWakeups() < 0)) {
            return Double.NaN;
        }
        return perAnswer(m -> m.cpu().jvm(jvm).loopWakeups());
    }

    /** Mean busy share of one core during the closed-loop rounds; NaN if unknown. */
    double maxRateCpuBusy(int cpu) {
        return maxRates.stream().mapToDouble(m -> m.cpu().cpuBusy(cpu)).average().orElse(Double.NaN);
    }

    /** Mean busy share of the whole machine during the closed-loop rounds; NaN if unknown. */
    double maxRateMachineBusy() {
        return maxRates.stream().mapToDouble(m -> m.cpu().machineBusy()).average().orElse(Double.NaN);
    }

    /** CPU time of one part's event loop per answer at the maximum rate, microseconds; NaN if unknown. */
    double partCpuMicros(Part part) {
        return perAnswer(m -> m.cpu().cpuNanos(part)) / 1_000.0;
    }

    /** Bytes one part's event loop allocated per answer at the maximum rate, in KiB; NaN if unknown. */
    double partAllocKib(Part part) {
        return perAnswer(m -> m.cpu().allocatedBytes(part)) / 1_024.0;
    }

    private double perAnswer(ToLongFunction<MaxRate> amount) {
        long ok = maxRates.stream().mapToLong(m -> m.run().ok()).sum();
        if (ok == 0 || maxRates.stream().mapToLong(amount).anyMatch(v -> v < 0)) {
            return Double.NaN;
        }
        return maxRates.stream().mapToLong(amount).sum() / (double) ok;
    }

    /** Percentiles over every open-loop round's samples together. */
    Latencies.Summary latency() {
        return Latencies.merge(fixedRates.stream().map(f -> f.run().latencies()).toList()).summary();
    }

    /** How late the client itself sent, over every open-loop round. */
    Latencies.Summary sendLag() {
        return Latencies.merge(fixedRates.stream().map(f -> f.run().sendLag()).toList()).summary();
    }

    /**
     * Stop-the-world GC pauses of one JVM during the open-loop rounds: how many, and their share of
     * the time; null when that JVM is not part of the run (the balancer's, in the shared layout).
     */
    GcPauses fixedRateGc(CpuMeter.Jvm jvm) {
        if (fixedRates.stream().anyMatch(f -> f.cpu().jvm(jvm) == null)) {
            return null;
        }
        long pauses = fixedRates.stream().mapToLong(f -> f.cpu().jvm(jvm).gcPauses()).sum();
        long millis = fixedRates.stream().mapToLong(f -> f.cpu().jvm(jvm).gcMillis()).sum();
        long wall = fixedRates.stream().mapToLong(f -> f.cpu().wallNanos()).sum();
        return new GcPauses(pauses, millis, wall == 0 ? 0 : millis * 1e6 / wall);
    }

    /**
     * Milliseconds per second one JVM's threads were runnable but waiting for a core during the
     * open-loop rounds (2 threads waiting all the time would be 2,000); NaN if the kernel does not
     * say or the JVM is not part of the run.
     */
    double fixedRateRunQueueMsPerSecond(CpuMeter.Jvm jvm) {
        if (fixedRates.stream().anyMatch(f -> f.cpu().jvm(jvm) == null || f.cpu().jvm(jvm).runQueueNanos() < 0)) {
            return Double.NaN;
        }
        long waited = fixedRates.stream().mapToLong(f -> f.cpu().jvm(jvm).runQueueNanos()).sum();
        long wall = fixedRates.stream().mapToLong(f -> f.cpu().wallNanos()).sum();
        return wall == 0 ? Double.NaN : waited * 1_000.0 / wall;
    }

    /** Mean busy share of one core during the open-loop rounds; NaN if unknown. */
    double fixedRateCpuBusy(int cpu) {
        return fixedRates.stream().mapToDouble(f -> f.cpu().cpuBusy(cpu)).average().orElse(Double.NaN);
    }

    /** Mean busy share of the whole machine during the open-loop rounds; NaN if unknown. */
    double fixedRateMachineBusy() {
        return fixedRates.stream().mapToDouble(f -> f.cpu().machineBusy()).average().orElse(Double.NaN);
    }

    /**
     * GC pauses over some rounds.
     *
     * @param pauses how many
     * @param millis their total length
     * @param share  their share of the rounds' wall time, 0..1
     */
    record GcPauses(long pauses, long millis, double share) {

        double meanMillis() {
            return pauses == 0 ? 0 : millis / (double) pauses;
        }
    }

    long maxRateErrors() {
        return maxRates.stream().mapToLong(m -> m.run().errors()).sum();
    }

    long fixedRateErrors() {
        return fixedRates.stream().mapToLong(f -> f.run().errors()).sum();
    }

    /** The most other processes took of the machine during any phase of this path; NaN if unknown. */
    double worstOthers() {
        return Stream.concat(maxRates.stream().map(MaxRate::cpu), fixedRates.stream().map(FixedRate::cpu))
                .mapToDouble(CpuMeter.Use::others).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
    }
}
