package dev.syncasync.theory;

/**
 * Open Poisson arrivals at rate {@code lambda} on {@code c} servers of mean service time
 * {@code t} (M/M/c). Erlang C gives the probability that an arrival waits and the mean wait;
 * for deterministic service (M/D/c, which is what {@code io=T} is) the wait is about half
 * (the Cosmetatos-style approximation Wq(M/D/c) ~ Wq(M/M/c) / 2).
 */
public final class ErlangC {

    private ErlangC() {
    }

    /** Offered load per server: {@code lambda * t / c}; the queue is stable below 1. */
    public static double utilisation(double lambda, int c, double t) {
        return lambda * t / c;
    }

    /** Probability that an arrival finds every server busy and waits. */
    public static double probabilityOfWaiting(double lambda, int c, double t) {
        double a = lambda * t;
        requireStable(a, c);
        // Sum of a^k/k! for k < c, computed incrementally to stay finite for large c.
        double term = 1;
        double sum = 0;
        for (int k = 0; k < c; k++) {
            sum += term;
            term *= a / (k + 1);
        }
        double last = term * c / (c - a);
        return last / (sum + last);
    }

    /** Mean time waiting in the queue, M/M/c. */
    public static double meanWait(double lambda, int c, double t) {
        double mu = 1 / t;
        return probabilityOfWaiting(lambda, c, t) / (c * mu - lambda);
    }

    /** Mean wait with deterministic service: about half of {@link #meanWait}. */
    public static double meanWaitDeterministic(double lambda, int c, double t) {
        return meanWait(lambda, c, t) / 2;
    }

    /**
     * The {@code p}-quantile of the wait, M/M/c: P(W > x) = C * exp(-(c*mu - lambda) x), so
     * the quantile is 0 while p <= 1 - C.
     */
    public static double waitPercentile(double lambda, int c, double t, double p) {
        double waiting = probabilityOfWaiting(lambda, c, t);
        if (p <= 1 - waiting) {
            return 0;
        }
        return Math.log(waiting / (1 - p)) / (c / t - lambda);
    }

    private static void requireStable(double a, int c) {
        if (c < 1 || a < 0 || a >= c) {
            throw new IllegalArgumentException("unstable or invalid: offered load " + a + " on " + c
                    + " servers (the queue grows without bound when load >= servers)");
        }
    }
}
