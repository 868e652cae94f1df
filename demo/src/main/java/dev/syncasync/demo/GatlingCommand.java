package dev.syncasync.demo;

import dev.syncasync.commandline.Version;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./lab gatling SIMULATION [--url URL] [--admin-url URL] [--results DIR] [-Dkey=value ...]}:
 * runs one of the lab's Gatling simulations against a lab that is already running ({@code ./lab up},
 * or the containers), in a JVM of its own, exactly as the demo runs it ({@code RunSimulation}: the
 * costs calibrated with Gatling first, then the simulation, its predictions checked), and says
 * where the report is. The {@code lab} script builds what is missing first.
 */
@Command(name = "gatling", header = "One Gatling simulation against a running lab; prints where the report is.",
        mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Runs the simulation in a JVM of its own, as ./lab demo does: the costs measured with Gatling "
                + "first, then the simulation, every prediction asserted. Start the lab first (./lab up, or docker "
                + "compose up)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the theory's assertions held", "1:they did not, or it could not run",
            "2:a bad option, or the simulations are not built"})
public final class GatlingCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SIMULATION", completionCandidates = Simulations.class,
            description = "One of ${COMPLETION-CANDIDATES} (BlockingEventLoop: async pool only).")
    String simulation;

    @Option(names = "--url", paramLabel = "URL", description = "The balancer's client port (default: ${DEFAULT-VALUE}).")
    String url = "http://127.0.0.1:8080";

    @Option(names = "--admin-url", paramLabel = "URL", description = "The balancer's admin port (default: "
            + "${DEFAULT-VALUE}).")
    String adminUrl = "http://127.0.0.1:8081";

    @Option(names = "--results", paramLabel = "DIR", description = "Where the report goes (default: ${DEFAULT-VALUE}).")
    Path results = Path.of("results", "gatling");

    @Option(names = "-D", paramLabel = "key=value", description = "A simulation parameter, e.g. -Dio=200 -Dusers=50; "
            + "-Dcores=N for CpuBound when the workers do not have every core of this machine.")
    Map<String, String> properties = new LinkedHashMap<>();

    /** The simulations, for --help and completion. */
    static final class Simulations implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("FiveClientsFourWorkers", "HundredRequests", "CpuBound", "SequentialVsConcurrent",
                    "OpenModelRamp", "BlockingEventLoop", "DatabaseBottleneck", "ConcurrencyLadder").iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("lab.home", ".")).toAbsolutePath().normalize();
        try {
            GatlingProcess.classpath(home);
        } catch (IllegalStateException e) {
            System.err.println("lab gatling: " + e.getMessage());
            return 2;
        }
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.put("baseUrl", url);
        all.put("adminUrl", adminUrl);
        List<String> command = GatlingProcess.command(home, all,
                List.of("--results", results.toAbsolutePath().toString(), simulation));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String report = null;
        int status = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("lab-result ")) {
                    String[] parts = line.split(" ", 4);
                    status = Integer.parseInt(parts[2]);
                    report = parts[3].equals("-") ? null : parts[3];
                } else {
                    System.out.println(line);
                }
            }
        }
        int exit = process.waitFor();
        if (report != null) {
            System.out.println("report: " + Path.of(report).resolve("index.html"));
            System.out.println("predictions and requests: " + Path.of(report).resolve("lab.json") + ", "
                    + Path.of(report).resolve("requests.csv"));
        } else {
            System.out.println("no report: the simulation did not run (see above)");
        }
        return status == 0 && exit == 0 ? 0 : exit == 2 && status < 0 ? 2 : 1;
    }
}
