package dev.syncasync.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.PopulationBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Not an experiment: measures, with Gatling itself, what a request costs besides its work, so
 * the theory's predictions for the runs that follow use the load generator's own costs.
 * {@link RunSimulation} runs it first and reads {@code requests.csv} and the balancer's
 * timeline ({@link RunSimulation.Costs}):
 * <ul>
 *   <li>{@code alone}: 21 empty requests one after another; their median is the round trip,
 *   and the mean of their dispatch-to-end in the balancer's timeline is a slot's hold
 *   beyond {@code io};</li>
 *   <li>{@code burst warm 1..2}, then {@code burst 1..3}: {@code min(B, slots)} requests of
 *   {@code io=100} at once, B = {@code -DcalibrationBurst} (100 by default; {@link RunSimulation}
 *   sets it to the largest rung of a {@link ConcurrencyLadder} it will run: what one more request of
 *   a burst costs falls as bursts grow, since each read and write of the event loops then carries
 *   many requests, so it is measured at the size it predicts). The warm bursts are discarded: the first bursts of a fresh JVM
 *   run interpreted code and cost 1.5 to 2.5 times what later ones do. Of the measured ones,
 *   the slowest latency beyond {@code io} and one round trip, per further request (median of
 *   the three), is the serial cost of a burst (the balancer's single event loop, the load
 *   generator's). Skipped below 8 slots, where requests would wait for slots instead.</li>
 * </ul>
 */
public class Calibrate extends LabSimulation {

    /** How many measured bursts; RunSimulation takes their median. */
    static final int BURSTS = 3;

    /** Bursts run first and discarded: they warm up the JIT of both JVMs on this path. */
    static final int WARM_BURSTS = 2;

    /**
     * The bursts wait this long, like the measured ones: every request is sent before the first
     * answer comes back, so sending and receiving do not overlap - the regime of a real burst.
     * An empty burst mixes the two and costs about twice as much per request.
     */
    static final int BURST_IO_MS = 100;

    /** The property that sizes the bursts, and its default: the size of the reference scenarios' bursts. */
    static final String BURST_SIZE = "calibrationBurst";
    static final int DEFAULT_BURST = 100;

    public Calibrate() {
        int n = Math.min(Params.integer(BURST_SIZE, DEFAULT_BURST, 8, 10_000), lab.slots());
        // -DwarmOnly=true: the run that only warms a fresh JVM up (RunSimulation discards it): no measured steps.
        boolean warmOnly = Boolean.parseBoolean(Params.text("warmOnly", "false"));
        List<PopulationBuilder> steps = new ArrayList<>();
        steps.add(scenario("alone").repeat(warmOnly ? 3 : 21).on(work("alone", "io=0")).injectOpen(atOnceUsers(1)));
        if (n >= 8) {
            for (int b = 1; b <= WARM_BURSTS + (warmOnly ? 0 : BURSTS); b++) {
                String name = b <= WARM_BURSTS ? "burst warm " + b : "burst " + (b - WARM_BURSTS);
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
