package dev.syncasync.bench;

import java.util.List;
import java.util.Locale;

/**
 * Where the parts of a run execute. {@code pinned}: the load client and the worker in this JVM
 * on one core, the balancer in a JVM of its own on another core, the way a balancer is deployed.
 * {@code shared}: client, balancer and worker in this one JVM, on every core it may use.
 *
 * @param kind        pinned or shared
 * @param clientCpu   the core of this JVM (client and worker) when pinned; -1 when shared
 * @param balancerCpu the core of the balancer's JVM when pinned; -1 when shared
 * @param cores       cores this process may use
 * @param fallback    why a pinned run became a shared one, or empty
 */
public record Layout(Kind kind, int clientCpu, int balancerCpu, int cores, String fallback) {

    /** The two layouts, by the name {@code --layout} takes. */
    public enum Kind {
        PINNED, SHARED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return label();
        }
    }

    /**
     * The layout a run gets: pinned needs two cores it may use and the {@code taskset} command;
     * without them it falls back to shared, and says why.
     *
     * @param allowedCpus the cores this process may run on, in order
     * @param taskset     whether the {@code taskset} command is there
     */
    static Layout choose(Kind requested, List<Integer> allowedCpus, boolean taskset) {
        int cores = allowedCpus.size();
        if (requested == Kind.SHARED) {
            return shared(cores, "");
        }
        if (cores < 2) {
            return shared(cores, cores == 0 ? "the cores this process may use are unknown (no /proc/self/status)"
                    : "only " + cores + " core is available and pinned needs 2");
        }
        if (!taskset) {
            return shared(cores, "taskset (util-linux) is not on the PATH");
        }
        return new Layout(Kind.PINNED, allowedCpus.get(0), allowedCpus.get(1), cores, "");
    }

    static Layout shared(int cores, String fallback) {
        return new Layout(Kind.SHARED, -1, -1, cores, fallback);
    }

    /** The shared layout on the same cores, because pinning failed for {@code reason}. */
    Layout fallBack(String reason) {
        return shared(cores, reason);
    }

    boolean pinned() {
        return kind == Kind.PINNED;
    }

    String label() {
        return kind.label();
    }

    /** Where each part runs, without the layout's name. */
    String where() {
        return pinned()
                ? "client + worker in one JVM on cpu " + clientCpu + ", balancer in its own JVM on cpu " + balancerCpu
                : "client, balancer and worker in one JVM on " + cores + (cores == 1 ? " core" : " cores");
    }

    /** One line for the console and the report: the name, where each part runs, and any fallback. */
    String describe() {
        String text = label() + ": " + where();
        return fallback.isEmpty() ? text : text + " (pinned was not possible: " + fallback + ")";
    }
}
