package dev.syncasync.balancer;

import dev.syncasync.config.Policy;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses one of the workers that have a free slot. Each policy is one small function;
 * {@link #of(Policy)} maps the config value to it.
 */
@FunctionalInterface
interface Selector {

    /**
     * @param candidates workers with a free slot, never empty, in registration order
     * @return one of them
     */
    Backend pick(List<Backend> candidates);

    static Selector of(Policy policy) {
        return switch (policy) {
            case ROUND_ROBIN -> roundRobin();
            case LEAST_IN_FLIGHT -> leastInFlight();
            case POWER_OF_TWO_CHOICES -> powerOfTwoChoices();
        };
    }

    /** Takes turns over the candidates; stateful, one instance per balancer. */
    static Selector roundRobin() {
        int[] next = {0};
        return candidates -> candidates.get(Math.floorMod(next[0]++, candidates.size()));
    }

    /** The candidate serving the fewest requests now; ties go to the earliest registered. */
    static Selector leastInFlight() {
        return candidates -> {
            Backend best = candidates.get(0);
            for (Backend b : candidates) {
                if (b.inFlight() < best.inFlight()) {
                    best = b;
                }
            }
            return best;
        };
    }

    /** Two candidates at random, the less busy of the two: near least-in-flight, no full scan. */
    static Selector powerOfTwoChoices() {
        return candidates -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            Backend a = candidates.get(random.nextInt(candidates.size()));
            Backend b = candidates.get(random.nextInt(candidates.size()));
            return b.inFlight() < a.inFlight() ? b : a;
        };
    }
}
