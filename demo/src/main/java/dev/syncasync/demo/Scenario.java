package dev.syncasync.demo;

import java.util.List;
import java.util.Map;

/**
 * One simulation the demo runs, with its parameters and the topologies it makes sense on.
 *
 * @param simulation the simulation's short name (gatling module, {@code RunSimulation})
 * @param parameters system properties for that run
 * @param topologies where it runs: BlockingEventLoop measures the pools that can block their loops (async, and
 *                   virtual: its carriers), the others every pool
 * @param timeline   whether the report draws its per-request timeline (the burst scenarios)
 */
record Scenario(String simulation, Map<String, String> parameters, List<String> topologies, boolean timeline) {

    /** Every pool: the argument holds or breaks on each, side by side. */
    private static final List<String> ALL = List.of("sync", "async", "virtual");

    /**
     * The demo's program, about 45 s of load per topology: the two reference arguments first,
     * then CPU-bound work, the sequential-vs-concurrent table, the open-model ramp, the
     * blocked event loop, and the database behind a bounded connection pool.
     */
    static List<Scenario> demo() {
        return List.of(
                new Scenario("FiveClientsFourWorkers", Map.of("users", "5", "io", "1000"), ALL, true),
                new Scenario("HundredRequests", Map.of("users", "100", "io", "400"), ALL, true),
                new Scenario("CpuBound", Map.of("users", "100", "cpu", "20"), ALL, false),
                // 100 at once at io=200: at io=50 a burst of 100 costs the balancer and Gatling 20-90 ms
                // beyond its work on 2 cores, +-20 ms from burst to burst - no model holds that within 15%.
                new Scenario("SequentialVsConcurrent", Map.of("n", "1,10,100", "io", "50", "atOnceIo", "50,50,200"), ALL,
                        false),
                new Scenario("OpenModelRamp", Map.of("io", "100", "duration", "4"), ALL, false),
                // Light requests with 2 ms of CPU: their latency is then their share of the cores (processor
                // sharing); a request that computes nothing waits on where the scheduler puts its thread.
                new Scenario("BlockingEventLoop", Map.of("heavy", "20", "cpu", "50", "light", "20", "lightCpu", "2"),
                        List.of("async", "virtual"), false),
                // The caveat: 100 at once that each sleep 200 ms in PostgreSQL behind every worker's pool of
                // db.pool-size connections (the demo passes -DdbPool): ceil(100 / P) waves on every pool.
                new Scenario("DatabaseBottleneck", Map.of("users", "100", "db", "200"), ALL, true));
    }

    /** The arguments for {@code RunSimulation}: the name, then {@code key=value} pairs. */
    List<String> arguments() {
        List<String> out = new java.util.ArrayList<>();
        out.add(simulation);
        parameters.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.add(e.getKey() + "=" + e.getValue()));
        return out;
    }
}
