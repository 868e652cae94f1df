package dev.syncasync.theory;

/**
 * {@code clients} users each sending the next request as soon as the previous one is answered,
 * on {@code slots} slots of service time {@code t}. With more clients than slots the slots
 * never idle, so throughput is {@code slots / t} and, by Little's law (N = X * R), the
 * response time is {@code clients * t / slots}; with fewer, nobody waits.
 */
public final class ClosedLoop {

    private ClosedLoop() {
    }

    /** Requests per second (t in seconds). */
    public static double throughput(int clients, int slots, double t) {
        check(clients, slots, t);
        return Math.min(clients, slots) / t;
    }

    /** Mean response time, in the unit of t. */
    public static double responseTime(int clients, int slots, double t) {
        check(clients, slots, t);
        return clients / throughput(clients, slots, t);
    }

    private static void check(int clients, int slots, double t) {
        if (clients < 1 || slots < 1 || !(t > 0)) {
            throw new IllegalArgumentException("need clients >= 1, slots >= 1, t > 0");
        }
    }
}
