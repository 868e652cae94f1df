package dev.syncasync.experiments;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each part of one sweep point ran: the machine (an engine's host name, or a swarm node's)
 * of the balancer, of each worker and of the Gatling run.
 *
 * @param balancer  the balancer's machine
 * @param workers   each worker's machine, in the order of the lab's workers
 * @param generator the Gatling run's machine
 */
record Placement(String balancer, List<String> workers, String generator) {

    /** Nothing known (points measured before placements were recorded, tests). */
    static final Placement UNKNOWN = new Placement("", List.of(), "");

    Placement {
        workers = List.copyOf(workers);
    }

    /** The workers' machines with their counts, e.g. {@code lab-n3:2 lab-n4:2}. */
    String workersByNode() {
        Map<String, Integer> counts = new TreeMap<>();
        workers.forEach(w -> counts.merge(w, 1, Integer::sum));
        StringBuilder out = new StringBuilder();
        counts.forEach((node, n) -> out.append(out.isEmpty() ? "" : " ").append(node).append(':').append(n));
        return out.toString();
    }

    /** The machine of a stats role: {@code balancer} or {@code <worker module>-<i>}. */
    String node(String role) {
        if (role.equals("balancer")) {
            return balancer;
        }
        int dash = role.lastIndexOf('-');
        try {
            int i = Integer.parseInt(role.substring(dash + 1));
            return i >= 1 && i <= workers.size() ? workers.get(i - 1) : "";
        } catch (NumberFormatException e) {
            return "";
        }
    }

    /** True when the balancer, the workers and the generator each ran on machines of their own. */
    boolean apart() {
        return !workers.contains(balancer) && !workers.contains(generator) && !balancer.equals(generator);
    }
}
