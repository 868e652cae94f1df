package dev.syncasync.demo;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One Gatling JVM that runs the demo's simulations for one topology, one at a time (later ones
 * on a warm JIT), through the gatling module's {@code RunSimulation --stdin}: the demo writes
 * a simulation to its standard input, reads the result, and decides whether to run it again
 * (a disturbed run) or the next one. The load generator gets its own JVM so it neither shares
 * a heap nor a JIT with the servers it measures. Its console goes to a log file; its progress
 * lines reach the caller.
 */
final class GatlingProcess implements AutoCloseable {

    /**
     * The JVM options Gatling's own launchers use, plus what JDK 22+ asks for, and a heap whose
     * young generation holds a whole simulation's garbage (Gatling allocates 40 to 60 MB/s;
     * RunSimulation collects it between simulations), so no collection pauses a measurement.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xms2g", "-Xmx2g", "-Xmn1200m", "-XX:MetaspaceSize=256m",
            "-XX:+UseSerialGC", "-XX:MaxInlineLevel=20", "-XX:MaxTrivialSize=12",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED");

    /** What one simulation run produced: Gatling's status, its report directory (null if none), and when it ran. */
    record Result(String simulation, int status, Path report, long startMs, long endMs) {
    }

    /**
     * What a calibration measured, and when (epoch ms); {@code workerCpuMs} is measured by the
     * demo around it ({@link WorkerCpu}), NaN until then.
     */
    record Calibration(long startMs, long endMs, double roundTripMs, double holdMs, double serialMs, double workerCpuMs) {

        Calibration withWorkerCpu(double ms) {
            return new Calibration(startMs, endMs, roundTripMs, holdMs, serialMs, ms);
        }
    }

    private final Process process;
    private final BufferedReader out;
    private final BufferedWriter in;
    private final PrintWriter log;
    private final Consumer<String> progress;
    private Calibration calibration;

    private GatlingProcess(Process process, PrintWriter log, Consumer<String> progress) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.log = log;
        this.progress = progress;
    }

    /**
     * The simulations' classpath: the gatling module's runner archive (a declared dependency of
     * this module's POM), which its package phase unpacks to {@code demo/target/gatling/lib}; or a
     * clear error when it is not built.
     */
    static List<Path> classpath(Path home) {
        Path lib = home.resolve("demo/target/gatling/lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("the Gatling simulations are not built (" + lib + " is missing): run "
                    + "./mvnw package, or ./lab demo from the project's root so it builds them");
        }
        return List.of(lib.resolve("*"));
    }

    /** The command that runs {@code RunSimulation} with {@code properties} as {@code -D} options, then {@code arguments}. */
    static List<String> command(Path home, Map<String, String> properties, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classpath(home).stream().map(Path::toString).toList()));
        command.add("dev.syncasync.gatling.RunSimulation");
        command.addAll(arguments);
        return command;
    }

    /**
     * Starts a Gatling JVM against the lab at {@code baseUrl}/{@code adminUrl}, with
     * {@code properties} as {@code -D} options for every run, writing reports under
     * {@code results} and its console to {@code log}; waits for its calibration. Lines that
     * start with {@code lab:} go to {@code progress}.
     */
    static GatlingProcess start(Path home, String baseUrl, String adminUrl, Map<String, String> properties, Path results,
                                Path log, Consumer<String> progress) throws IOException {
        Map<String, String> all = new java.util.LinkedHashMap<>(properties);
        all.put("baseUrl", baseUrl);
        all.put("adminUrl", adminUrl);
        Process process = new ProcessBuilder(command(home, all, List.of("--results", results.toString(), "--stdin")))
                .redirectErrorStream(true).start();
        GatlingProcess gatling = new GatlingProcess(process, new PrintWriter(Files.newBufferedWriter(log,
                StandardCharsets.UTF_8), true), progress);
        gatling.calibration = gatling.readCalibration();
        return gatling;
    }

    /** The child's process id (for its CPU time). */
    long pid() {
        return process.pid();
    }

    /** The latest calibration; null when Gatling could not calibrate (each simulation then calibrates alone). */
    Calibration calibration() {
        return calibration;
    }

    /** Measures the costs again (the last calibration was disturbed); returns the new one. */
    Calibration recalibrate() throws IOException {
        send("calibrate");
        calibration = readCalibration();
        return calibration;
    }

    /** Has every later run predict with the costs of {@code chosen} (an earlier calibration, or this one). */
    void use(Calibration chosen) throws IOException {
        send(String.format(Locale.ROOT, "costs %.3f %.3f %.4f %.3f", chosen.roundTripMs(), chosen.holdMs(),
                chosen.serialMs(), Double.isNaN(chosen.workerCpuMs()) ? 0 : chosen.workerCpuMs()));
        calibration = chosen;
    }

    /** Runs one simulation and waits for its result. */
    Result run(Scenario scenario) throws IOException {
        long start = System.currentTimeMillis();
        send(String.join(" ", scenario.arguments()));
        String line;
        while ((line = readLine()) != null) {
            if (line.startsWith("lab-result ")) {
                String[] parts = line.split(" ", 4);
                return new Result(parts[1], Integer.parseInt(parts[2]), parts[3].equals("-") ? null : Path.of(parts[3]),
                        start, System.currentTimeMillis());
            }
        }
        throw new IOException("the Gatling JVM ended before " + scenario.simulation() + " finished (exit "
                + exitValue() + ")");
    }

    private Calibration readCalibration() throws IOException {
        String line;
        while ((line = readLine()) != null) {
            if (line.startsWith("lab-calibrated ")) {
                String[] f = line.split(" ");
                return new Calibration(Long.parseLong(f[1]), Long.parseLong(f[2]), Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.NaN);
            }
            if (line.startsWith("lab: no calibration") || line.startsWith("lab: cannot read the calibration")) {
                return null;
            }
        }
        throw new IOException("the Gatling JVM ended while calibrating (exit " + exitValue() + ")");
    }

    /** The next line of the child's console, logged; lines for the reader go to progress. Null at its end. */
    private String readLine() throws IOException {
        String line = out.readLine();
        if (line == null) {
            return null;
        }
        log.println(line);
        if (line.startsWith("lab: ") && !line.startsWith("lab: expect ")) {
            progress.accept(line.substring(5));
        } else if (line.contains("could not run")) {
            progress.accept(line);
        }
        return line;
    }

    private void send(String line) throws IOException {
        in.write(line);
        in.newLine();
        in.flush();
    }

    private String exitValue() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Ends the input; the child finishes and exits (or is stopped after 30 s). */
    @Override
    public void close() throws IOException {
        try {
            in.close();
            while (readLine() != null) {
                // drain what is left of its console into the log
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                progress.accept(String.format(Locale.ROOT, "the Gatling JVM did not stop; stopped it"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            log.close();
        }
    }
}
