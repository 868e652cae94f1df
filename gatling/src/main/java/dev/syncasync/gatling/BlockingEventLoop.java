package dev.syncasync.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.syncasync.theory.Prediction;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The mistake the references warn about, measured on the async pool: computation run on the
 * event loop blocks every other request of that loop. {@code heavy} requests of
 * {@code cpu=C} arrive at once, then, {@code delay} ms later, {@code light} requests that
 * compute nothing. Phase 1 runs the heavy ones on the loop ({@code offload=false}): each of
 * the L loops is busy for {@code heavy / L * C}, and the light requests wait out the rest
 * of it. Phase 2 offloads them to the worker pool ({@code offload=true}): the loops stay
 * free and the light requests are answered at once. Defaults: {@code -Dheavy=20 -Dcpu=50
 * -Dlight=20 -Ddelay=50}.
 */
public class BlockingEventLoop extends LabSimulation {

    public BlockingEventLoop() {
        if (!lab.isAsync()) {
            throw new IllegalStateException("BlockingEventLoop measures the async pool, and the running topology is "
                    + lab.topology() + ": switch it (topology: async in config/topology.yml) and run again");
        }
        int heavy = param("heavy", Params.integer("heavy", 20, 1, 1_000));
        int cpu = param("cpu", Params.integer("cpu", 50, 1, 10_000));
        int light = param("light", Params.integer("light", 20, 1, 1_000));
        int delay = param("delay", Params.integer("delay", 50, 0, 10_000));
        int loops = lab.computeThreads();
        // Each loop computes its share of the heavy requests one after another, at most one per core.
        double busy = Math.ceil((double) heavy / loops) * cpu * Math.max(1.0, (double) loops / lab.cores());
        double blockedWait = Math.max(busy - delay, 1);

        String lightOnLoop = "light, heavy on the loop";
        String lightOffloaded = "light, heavy offloaded";
        Prediction blocked = new Prediction("event loop blocked: " + heavy + " x cpu=" + cpu + " on " + loops
                + " loop" + (loops == 1 ? "" : "s") + " keeps each busy " + Math.round(busy) + " ms; light requests "
                + delay + " ms later wait out the rest", blockedWait, blockedWait, blockedWait, light / blockedWait * 1000);
        // Offloaded, the loop answers a light request at once: what is left is the round trip and
        // the CPU share the worker pool's threads leave everyone else. The claim checked is the
        // one that matters: well under half of the blocked wait.
        Prediction free = new Prediction("offloaded: the loops stay free while the worker pool computes; only the "
                + "round trip and a share of the CPU remain", overheadMs, overheadMs, overheadMs, Double.NaN);
        // Blocked: CPU time cannot be done faster than the cores allow, so the floor is firm; a
        // busy machine stretches it (other processes share the cores), hence the wide ceiling.
        expect(lightOnLoop, blocked, new Expectation.Band(0.5, 4.0, 100), "p50");
        expect(lightOffloaded, free, new Expectation.Band(0, 1, Math.max(0, blockedWait / 2 - overheadMs)), "p50");

        setUp(warmUpThen(phase("on the loop", false, heavy, cpu, light, delay, lightOnLoop)
                .andThen(phase("offloaded", true, heavy, cpu, light, delay, lightOffloaded))))
                .protocols(protocol())
                .assertions(assertionsOf());
    }

    /**
     * One phase: {@code heavy + light} users start together; each takes its role from a queue
     * feeder, heavy ones first, and the light ones pause {@code delay} ms before sending.
     */
    private PopulationBuilder phase(String label, boolean offload, int heavy, int cpu, int light, int delay,
                                           String lightName) {
        String heavyName = "heavy " + label;
        List<Map<String, Object>> roles = new ArrayList<>();
        for (int i = 0; i < heavy + light; i++) {
            roles.add(Map.of("role", i < heavy ? "heavy" : "light"));
        }
        ChainBuilder lightRequest = delay == 0
                ? work(lightName, "io=0")
                : pause(Duration.ofMillis(delay)).exec(work(lightName, "io=0"));
        return scenario(heavyName + " + " + lightName)
                .feed(listFeeder(roles).queue())
                .doIfOrElse(session -> "heavy".equals(session.getString("role")))
                .then(work(heavyName, "cpu=" + cpu + "&offload=" + offload))
                .orElse(lightRequest)
                .injectOpen(atOnceUsers(heavy + light));
    }

    @Override
    protected String loadModel() {
        return "closed";
    }
}
