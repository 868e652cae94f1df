package dev.syncasync.experiments;

import dev.syncasync.config.ConfigException;
import dev.syncasync.config.ConfigLoader;
import dev.syncasync.config.Section;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sweep file of {@code config/sweeps/}: which labs to create (topology x worker count, and x
 * {@code db.pool-size} when the file lists pool sizes), the simulation to run against each and its
 * parameters. A sweep whose requests reach the database (DatabaseBottleneck, a {@code db=}
 * parameter, or a {@code db.pool-size} axis) gives every lab a PostgreSQL container; the others
 * start none. Read once, like the topology files:
 * unknown keys and bad values are a {@link ConfigException} naming the file and the field.
 *
 * @param source         the file
 * @param simulation     a simulation of the gatling module (RunSimulation's short name)
 * @param parameters     its {@code key=value} parameters, as RunSimulation takes them
 * @param timeoutS       the longest one point's simulation may run
 * @param workerMemoryMb the memory limit of each worker container
 * @param points         the labs, in the file's order: every sync count, then every async count, then every
 *                       virtual count (each times every pool size of {@code db.pool-size}); or a plan grid's
 *                       configurations
 * @param plan           a plan grid's points ({@code plan:}), one per lab of {@code points}; empty for a
 *                       sweep of worker counts
 */
record SweepConfig(String source, String simulation, List<String> parameters, int timeoutS, int workerMemoryMb,
                   List<LabSpec> points, List<PlanPoint> plan) {

    /** The simulations the gatling image runs (its RunSimulation.SIMULATIONS). */
    static final List<String> SIMULATIONS = List.of("FiveClientsFourWorkers", "HundredRequests", "CpuBound",
            "BlockingEventLoop", "OpenModelRamp", "SequentialVsConcurrent", "DatabaseBottleneck");

    /** db.pool-size of a lab whose sweep reaches the database but lists no pool sizes: the lab's default. */
    static final int DEFAULT_DB_POOL_SIZE = 4;

    SweepConfig {
        parameters = List.copyOf(parameters);
        points = List.copyOf(points);
        plan = List.copyOf(plan);
        if (!plan.isEmpty() && plan.size() != points.size()) {
            throw new IllegalArgumentException("a plan grid has one point per lab: " + plan.size() + " != " + points.size());
        }
    }

    /** A sweep of worker counts: the same simulation and parameters on every lab. */
    SweepConfig(String source, String simulation, List<String> parameters, int timeoutS, int workerMemoryMb,
                List<LabSpec> points) {
        this(source, simulation, parameters, timeoutS, workerMemoryMb, points, List.of());
    }

    /** Whether this sweep checks the planner ({@code plan:}) rather than sizes worker counts. */
    boolean isPlanGrid() {
        return !plan.isEmpty();
    }

    /** Whether the labs have a database and the sweep runs over its pool size. */
    boolean isDbPoolSweep() {
        return points.stream().map(LabSpec::dbPoolSize).distinct().count() > 1;
    }

    /**
     * The parameters of the run of point {@code index} (0-based): the file's, then a plan point's own,
     * or DatabaseBottleneck's {@code dbPool} (the lab's db.pool-size, which its prediction counts).
     */
    List<String> parametersOf(int index) {
        LabSpec spec = points.get(index);
        if (spec.hasDatabase() && simulation.equals("DatabaseBottleneck")) {
            List<String> all = new ArrayList<>(parameters);
            all.add("dbPool=" + spec.dbPoolSize());
            return all;
        }
        if (plan.isEmpty()) {
            return parameters;
        }
        List<String> all = new ArrayList<>(parameters);
        all.addAll(plan.get(index).parameters());
        return all;
    }

    /** Reads {@code file}; no environment overrides, so a sweep file says everything about a sweep. */
    static SweepConfig load(Path file) {
        Section root = ConfigLoader.section(file, Map.of());
        String simulation = root.choice("simulation", "HundredRequests",
                SIMULATIONS.stream().collect(java.util.stream.Collectors.toMap(s -> s.toLowerCase(java.util.Locale.ROOT),
                        s -> s, (a, b) -> a, java.util.LinkedHashMap::new)));
        List<String> parameters = root.strings("parameters");
        for (String p : parameters) {
            if (!p.matches("[A-Za-z][A-Za-z0-9.]*=\\S+")) {
                throw root.error("parameters", "each item must be key=value (e.g. io=100), got '" + p + "'");
            }
        }
        int timeoutS = root.integer("timeout-s", 600, 10, 3600);
        int memory = root.integer("worker-memory-mb", 384, 128, 8192);
        List<LabSpec> points = new ArrayList<>();
        points.addAll(pool(root.section("sync"), "sync", "threads", 1, memory));
        points.addAll(pool(root.section("async"), "async", "event-loops", 1, memory));
        points.addAll(pool(root.section("virtual"), "virtual", "max-concurrent", 0, memory));
        if (root.has("plan")) {
            if (root.has("db")) {
                throw root.error("db", "a plan grid plans io-bound pools without a database: remove db:");
            }
            return planGrid(file, root, simulation, parameters, timeoutS, memory, points);
        }
        points = withDatabase(root, simulation, parameters, points);
        if (points.isEmpty()) {
            throw new ConfigException(file.toString(), "sync.workers",
                    "the sweep has no point: list worker counts under sync.workers, async.workers and/or virtual.workers");
        }
        root.rejectUnknownKeys();
        return new SweepConfig(file.toString(), simulation, parameters, timeoutS, memory, points);
    }

    /**
     * A sweep that checks the planner: its labs are the configurations {@code plan:} plans, each
     * run under OpenModelRamp with parameters of its own (rate, io, duration, seed).
     */
    private static SweepConfig planGrid(Path file, Section root, String simulation, List<String> parameters, int timeoutS,
                                        int memory, List<LabSpec> listed) {
        if (!listed.isEmpty()) {
            throw root.error("plan", "a plan grid's labs are the planner's answers: list no sync.workers or async.workers "
                    + "beside it");
        }
        if (!simulation.equals("OpenModelRamp")) {
            throw root.error("simulation", "a plan grid runs OpenModelRamp (the open model at the plan's rate), got "
                    + simulation);
        }
        for (String p : parameters) {
            String key = p.substring(0, p.indexOf('='));
            if (List.of("io", "rates", "duration", "seed").contains(key)) {
                throw root.error("parameters", "a plan grid sets " + key + "= for each point (plan.io, plan.rates, "
                        + "plan.duration-s, plan.seed); got '" + p + "'");
            }
        }
        List<PlanPoint> plan = PlanGrid.read(root.section("plan"), memory);
        root.rejectUnknownKeys();
        return new SweepConfig(file.toString(), simulation, parameters, timeoutS, memory,
                plan.stream().map(PlanPoint::spec).toList(), plan);
    }

    /**
     * The labs with their database: one lab per pool size of {@code db.pool-size} when the file lists
     * them, each with the lab's default pool when only the requests reach the database, none otherwise.
     */
    private static List<LabSpec> withDatabase(Section root, String simulation, List<String> parameters,
                                              List<LabSpec> points) {
        for (String p : parameters) {
            if (p.startsWith("dbPool=")) {
                throw root.error("parameters", "the sweep sets dbPool= from each lab's db.pool-size: list the sizes "
                        + "under db.pool-size instead of '" + p + "'");
            }
        }
        Section db = root.section("db");
        List<Integer> sizes = new ArrayList<>();
        for (String size : db.strings("pool-size")) {
            if (!size.matches("\\d{1,4}") || Integer.parseInt(size) < 1 || Integer.parseInt(size) > 1000) {
                throw db.error("pool-size", "must be a list of connections per worker in 1..1000, got '" + size + "'");
            }
            if (sizes.contains(Integer.parseInt(size))) {
                throw db.error("pool-size", "lists " + size + " twice");
            }
            sizes.add(Integer.parseInt(size));
        }
        boolean reachesDatabase = simulation.equals("DatabaseBottleneck")
                || parameters.stream().anyMatch(p -> p.startsWith("db="));
        if (sizes.isEmpty()) {
            if (root.has("db")) {
                throw db.error("pool-size", "list the pool sizes to sweep (e.g. [1, 2, 4, 8]), or remove db:");
            }
            return reachesDatabase ? points.stream().map(p -> p.withDatabase(DEFAULT_DB_POOL_SIZE)).toList() : points;
        }
        List<LabSpec> out = new ArrayList<>();
        for (LabSpec p : points) {
            sizes.forEach(size -> out.add(p.withDatabase(size)));
        }
        return out;
    }

    private static List<LabSpec> pool(Section pool, String topology, String threadsKey, int defaultThreads,
                                      int memory) {
        int threads = pool.integer(threadsKey, defaultThreads, defaultThreads == 0 ? 0 : 1, 256);
        List<LabSpec> out = new ArrayList<>();
        for (String count : pool.strings("workers")) {
            if (!count.matches("\\d{1,3}") || Integer.parseInt(count) < 1 || Integer.parseInt(count) > 64) {
                throw pool.error("workers", "must be a list of worker counts in 1..64, got '" + count + "'");
            }
            out.add(new LabSpec(topology, Integer.parseInt(count), threads, memory));
        }
        return out;
    }
}
