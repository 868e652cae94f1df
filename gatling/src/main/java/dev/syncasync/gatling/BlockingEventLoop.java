package dev.syncasync.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.syncasync.theory.Prediction;
import dev.syncasync.theory.ProcessorSharing;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The mistake the references warn about, measured on the async pool: computation run on the
 * event loop blocks every other request of that loop. On the virtual pool it is the same mistake
 * with P loops instead of one: a virtual thread computing on a carrier is not preempted, so once
 * the heavy requests hold every carrier (one per core) the light ones wait for them; offloaded
 * to the worker's bounded platform pool, they share the cores instead. {@code heavy} requests of
 * {@code cpu=C} arrive at once, then, {@code delay} ms later, {@code light} requests that
 * compute a little ({@code lightCpu} ms each, on their loop). Phase 1 runs the heavy ones on
 * the loop ({@code offload=false}): the light requests queue behind them. Phase 2 offloads
 * them to the worker pool ({@code offload=true}): the loops stay free, and the light
 * requests share the workers' cores with the pool's computing threads, while the heavy ones
 * queue for the pool's threads.
 *
 * <p>Both phases are predicted by processor sharing on the workers' cores
 * ({@link ProcessorSharing}, {@code -Dcores}): each event loop is a thread that works through
 * the requests queued on it; the offloaded requests are dealt to the worker pool's threads
 * ({@code -DpoolThreads} per worker, the config's {@code async.offload-threads}; by default one
 * per core, as {@code auto} gives a worker that sees {@code cores} CPUs). The light requests carry real CPU work because a
 * request that computes nothing is delayed by where the scheduler places its thread, not by
 * its share of the core, which no model predicts within 15%. Defaults: {@code -Dheavy=20
 * -Dcpu=50 -Dlight=20 -DlightCpu=2 -Ddelay=50}.
 */
public class BlockingEventLoop extends LabSimulation {

    public BlockingEventLoop() {
        if (!lab.isAsync() && !lab.isVirtual()) {
            throw new IllegalStateException("BlockingEventLoop measures the async or the virtual pool, and the running "
                    + "topology is " + lab.topology() + ": switch it (topology: async in config/topology.yml) and run again");
        }
        int heavy = param("heavy", Params.integer("heavy", 20, 1, 1_000));
        int cpu = param("cpu", Params.integer("cpu", 50, 1, 10_000));
        int light = param("light", Params.integer("light", 20, 1, 1_000));
        int lightCpu = param("lightCpu", Params.integer("lightCpu", 2, 1, 10_000));
        int delay = param("delay", Params.integer("delay", 50, 0, 10_000));
        int loops = lab.computeThreads();
        int cores = lab.cores();
        int poolThreads = param("poolThreads", Params.integer("poolThreads", cores, 1, 10_000));

        String lightOnLoop = lab.isVirtual() ? "light, heavy on the carriers" : "light, heavy on the loop";
        String lightOffloaded = "light, heavy offloaded";
        expect(lightOnLoop, onTheLoop(heavy, cpu, light, lightCpu, delay, loops, cores),
                "the " + threadsWord(2) + " did not get the workers' cores to themselves (other processes, the JIT)");
        expect(lightOffloaded, offloaded(heavy, cpu, light, lightCpu, delay, loops, cores, poolThreads),
                "the scheduler did not share the workers' cores evenly between the loops and the pool's threads");

        String lightQuery = "io=0&cpu=" + lightCpu;
        setUp(warmUpThen(phase("on the loop", false, heavy, cpu, light, delay, lightOnLoop, lightQuery)
                .andThen(phase("offloaded", true, heavy, cpu, light, delay, lightOffloaded, lightQuery))))
                .protocols(protocol())
                .assertions(assertionsOf());
    }

    /**
     * Heavy requests on the loops: loop j works through its share of the heavy requests, then
     * its share of the light ones, all loops sharing the cores. A light request's latency is
     * its completion minus the time it was sent, plus the round trip.
     */
    private Prediction onTheLoop(int heavy, int cpu, int light, int lightCpu, int delay, int loops, int cores) {
        List<ProcessorSharing.Job> jobs = new ArrayList<>();
        for (int j = 0; j < loops; j++) {
            double[] heavyItems = items(heavy, loops, j, cpu + workerCpuMs);
            double[] lightItems = items(light, loops, j, lightCpu + workerCpuMs);
            // The light requests queue behind the heavy ones when they arrive before the loop is done with them.
            if (delay < heavyItems.length * cpu) {
                double[] both = Arrays.copyOf(heavyItems, heavyItems.length + lightItems.length);
                System.arraycopy(lightItems, 0, both, heavyItems.length, lightItems.length);
                jobs.add(new ProcessorSharing.Job(0, both));
            } else {
                jobs.add(new ProcessorSharing.Job(0, heavyItems));
                jobs.add(new ProcessorSharing.Job(delay, lightItems));
            }
        }
        double[][] done = ProcessorSharing.completions(jobs, cores);
        List<Double> latencies = new ArrayList<>();
        int job = 0;
        for (int j = 0; j < loops; j++) {
            int heavyHere = items(heavy, loops, j, cpu).length;
            int lightHere = items(light, loops, j, lightCpu).length;
            boolean combined = delay < heavyHere * cpu;
            double[] mine = done[combined ? job : job + 1];
            for (int k = 0; k < lightHere; k++) {
                latencies.add(mine[(combined ? heavyHere : 0) + k] - delay + overheadMs);
            }
            job += combined ? 1 : 2;
        }
        return Prediction.fromLatencies("processor sharing, heavy on the loop: " + heavy + " x cpu=" + cpu + " and then "
                + light + " x cpu=" + lightCpu + " (sent " + delay + " ms later) queued on " + loops + " "
                + threadsWord(loops) + " sharing " + cores + " core" + (cores == 1 ? "" : "s")
                + ", + round trip " + Prediction.trim(overheadMs) + " ms" + handling(), array(latencies), Double.NaN);
    }

    /** What computes the light requests: event loops, or the virtual pool's carrier threads. */
    private String threadsWord(int count) {
        String word = lab.isVirtual() ? "carrier thread" : "event loop";
        return count == 1 ? word : word + "s";
    }

    private String handling() {
        return workerCpuMs > 0 ? ", each request + " + Prediction.trim(workerCpuMs) + " ms of handling on its loop (measured)" : "";
    }

    /**
     * Heavy requests offloaded: dealt round-robin to the worker pools' threads ({@code poolThreads}
     * per worker), each thread working through its share from the start; the light requests
     * compute on their loops from {@code delay} on, every runnable thread sharing the cores.
     */
    private Prediction offloaded(int heavy, int cpu, int light, int lightCpu, int delay, int loops, int cores,
                                 int poolThreads) {
        List<ProcessorSharing.Job> jobs = new ArrayList<>();
        int threads = Math.min(heavy, poolThreads * lab.workers());
        for (int t = 0; t < threads; t++) {
            jobs.add(new ProcessorSharing.Job(0, items(heavy, threads, t, cpu)));
        }
        for (int j = 0; j < loops; j++) {
            // The loop handles its light requests (their cpu plus the handling); the heavy ones' handling
            // happened on it before the light ones arrived.
            jobs.add(new ProcessorSharing.Job(delay, items(light, loops, j, lightCpu + workerCpuMs)));
        }
        double[][] done = ProcessorSharing.completions(jobs, cores);
        List<Double> latencies = new ArrayList<>();
        for (int j = 0; j < loops; j++) {
            for (double end : done[threads + j]) {
                latencies.add(end - delay + overheadMs);
            }
        }
        return Prediction.fromLatencies("processor sharing, heavy offloaded: " + threads + " pool thread"
                + (threads == 1 ? "" : "s") + " computing " + heavy + " x cpu=" + cpu + " beside " + loops + " "
                + threadsWord(loops) + " computing " + light + " x cpu=" + lightCpu + " (sent " + delay
                + " ms later), sharing " + cores + " core" + (cores == 1 ? "" : "s") + ", + round trip "
                + Prediction.trim(overheadMs) + " ms" + handling(), array(latencies), Double.NaN);
    }

    /** The items of thread {@code j} of {@code threads} when {@code n} requests of {@code ms} are dealt round-robin. */
    private static double[] items(int n, int threads, int j, double ms) {
        double[] out = new double[n / threads + (j < n % threads ? 1 : 0)];
        Arrays.fill(out, ms);
        return out;
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * One phase: {@code heavy + light} users start together; each takes its role from a queue
     * feeder, heavy ones first, and the light ones pause {@code delay} ms before sending.
     */
    private PopulationBuilder phase(String label, boolean offload, int heavy, int cpu, int light, int delay,
                                    String lightName, String lightQuery) {
        String heavyName = "heavy " + label;
        List<Map<String, Object>> roles = new ArrayList<>();
        for (int i = 0; i < heavy + light; i++) {
            roles.add(Map.of("role", i < heavy ? "heavy" : "light"));
        }
        ChainBuilder lightRequest = delay == 0
                ? work(lightName, lightQuery)
                : pause(Duration.ofMillis(delay)).exec(work(lightName, lightQuery));
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
