package dev.syncasync.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.PopulationBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Not an experiment: measures, with Gatling itself, what a request costs besides its work, so
 * the theory's predictions for the runs that follow use the load generator's own costs.
 * {@link RunSimulation} runs it first and reads {@code requests.csv}:
 * <ul>
 *   <li>{@code alone}: 21 empty requests one after another; their median is the round trip;</li>
 *   <li>{@code burst 1..3}: {@code min(100, slots)} requests of {@code io=100} at once, three
 *   times; the slowest latency beyond {@code io} and one round trip, per further request
 *   (median of the bursts), is the serial cost of a burst
 *   (the balancer's single event loop, the load generator's). Skipped below 8 slots, where
 *   requests would wait for slots instead.</li>
 * </ul>
 */
public class Calibrate extends LabSimulation {

    /** How many bursts; RunSimulation takes their median. */
    static final int BURSTS = 3;

    /**
     * The bursts wait this long, like the measured ones: every request is sent before the first
     * answer comes back, so sending and receiving do not overlap - the regime of a real burst.
     * An empty burst mixes the two and costs about twice as much per request.
     */
    static final int BURST_IO_MS = 100;

    public Calibrate() {
        int n = Math.min(100, lab.slots());
        List<PopulationBuilder> steps = new ArrayList<>();
        steps.add(scenario("alone").repeat(21).on(work("alone", "io=0")).injectOpen(atOnceUsers(1)));
        if (n >= 8) {
            for (int b = 1; b <= BURSTS; b++) {
                String name = "burst " + b;
                steps.add(scenario(name).exec(work(name, "io=" + BURST_IO_MS)).injectOpen(atOnceUsers(n)));
            }
        }
        setUp(warmUpThen(inSequence(steps))).protocols(protocol());
    }

    @Override
    protected String loadModel() {
        return "closed";
    }
}
