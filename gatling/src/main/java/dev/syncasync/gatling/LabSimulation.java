package dev.syncasync.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.syncasync.measurements.RequestSamples;
import dev.syncasync.theory.Band;
import dev.syncasync.theory.Prediction;
import dev.syncasync.work.LabHeaders;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What every lab simulation shares: where the lab is ({@code -DbaseUrl}, {@code -DadminUrl}),
 * the running topology read from the admin API before the first request, a warm-up on the
 * lab itself, and expectations computed from the theory that become Gatling assertions.
 *
 * <p>When {@code -Dlab.summaryFile} is set (by {@link RunSimulation}), the simulation writes its
 * topology, parameters and predictions there as JSON, and with {@code -Dlab.requestsFile} every
 * measured request as CSV: both feed {@code ./lab demo}'s report.
 */
public abstract class LabSimulation extends Simulation {

    /** Where clients send requests: the balancer's client port. */
    protected final String baseUrl = Params.text("baseUrl", "http://127.0.0.1:8080");
    /** The balancer's admin port, read for the topology. */
    protected final String adminUrl = Params.text("adminUrl", "http://127.0.0.1:8081");
    /** The running lab, read before the first request. */
    protected final LabTopology lab = LabTopology.fetch(adminUrl,
            Params.integer("cores", Runtime.getRuntime().availableProcessors(), 1, 4096),
            Params.integer("eventLoops", 1, 1, 1024),
            // The virtual pool's carriers: one per core, shared by every virtual worker of a JVM (./lab up,
            // the demo); with one JVM per worker (containers) pass -Dcarriers=workers x cores each.
            Params.integer("carriers", Params.integer("cores", Runtime.getRuntime().availableProcessors(), 1, 4096),
                    1, 4096));

    /**
     * What a request that does not wait pays on top of its work: the round trip of an empty
     * request ({@code -Doverhead=ms}, or measured by {@link Calibration}).
     */
    protected final double overheadMs;
    /**
     * What each further request of a burst adds in the balancer's single event loop and the
     * load generator's ({@code -Dserial=ms}, or measured by {@link Calibration}).
     */
    protected final double serialMs;
    /**
     * How much longer than {@code io} a request holds its worker slot ({@code -Dhold=ms}, or
     * measured from the balancer's timeline by {@link Calibration}).
     */
    protected final double holdMs;
    /**
     * What handling a request costs the workers' cores besides its {@code cpu}
     * ({@code -DworkerCpu=ms}: measured by ./lab demo around the calibration; 0 when unknown).
     */
    protected final double workerCpuMs = Params.decimal("workerCpu", 0, 0, 1_000);

    private final int warmUpRequests = Params.integer("warmup", 200, 0, 100_000);
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final List<Expectation> expectations = new ArrayList<>();
    private final RequestLog requests = new RequestLog();

    /** Open (arrivals independent of responses) or closed (a user waits for each answer). */
    protected abstract String loadModel();

    protected LabSimulation() {
        System.out.println("lab: " + getClass().getSimpleName() + " against " + baseUrl + ", " + lab.describe());
        double overhead = Params.decimal("overhead", -1, 0, 10_000);
        double serial = Params.decimal("serial", -1, 0, 10_000);
        double hold = Params.decimal("hold", -1, 0, 10_000);
        Calibration measured = overhead >= 0 && serial >= 0 ? null : Calibration.measure(baseUrl, adminUrl, lab.slots());
        overheadMs = overhead >= 0 ? overhead : measured.roundTripMs();
        serialMs = serial >= 0 ? serial : measured.serialMs();
        holdMs = hold >= 0 ? Math.min(hold, overheadMs) : measured == null ? overheadMs : measured.holdMs();
        parameters.put("overheadMs", Math.round(overheadMs * 100) / 100.0);
        parameters.put("holdMs", Math.round(holdMs * 100) / 100.0);
        parameters.put("serialMs", Math.round(serialMs * 1000) / 1000.0);
        parameters.put("workerCpuMs", Math.round(workerCpuMs * 1000) / 1000.0);
        parameters.put("cores", lab.cores());
        System.out.println(String.format(Locale.ROOT, "lab: each request pays %.2f ms on top of its work, holds its slot "
                + "%.2f ms beyond its io, and waits %.3f ms more per request ahead of it in a burst (%s)", overheadMs,
                holdMs, serialMs, measured == null ? "-Doverhead, -Dhold, -Dserial" : "measured with empty requests"));
    }

    /**
     * The band every row is held to ({@link Band#standard}): 15% either way, plus two measured
     * round trips for predictions under 100 ms.
     */
    protected Band band() {
        return Band.standard(overheadMs);
    }

    /** {@code users} requests of {@code io} ms at once on the running pool: waves with the measured costs. */
    protected Prediction burst(int users, int io) {
        return Prediction.waves(users, lab.slots(), io, holdMs, overheadMs, serialMs);
    }

    /** What most likely moves a burst of {@code users} out of its band. */
    protected String burstCause(int users) {
        return lab.slotsFor(users) < users
                ? "a wave took longer than io plus the calibrated hold: a worker or the balancer was descheduled"
                : "the burst's serial cost (the balancer's and the load generator's event loops, on their shared "
                        + "core) differed from the warm calibration's";
    }

    /** Records a parameter for the summary, and returns it. */
    protected <T> T param(String name, T value) {
        parameters.put(name, value);
        return value;
    }

    protected HttpProtocolBuilder protocol() {
        // One connection pool for all virtual users, like clients that keep their connections
        // alive: the warm-up opens them, so a measured burst does not pay 100 TCP handshakes
        // that the theory (and the references' argument) is not about.
        return http.baseUrl(baseUrl)
                .shareConnections()
                .disableWarmUp()
                .disableCaching()
                .acceptHeader("application/json")
                .userAgentHeader("sync-async-lab gatling");
    }

    /**
     * One {@code GET /work} named {@code name}, tagged so the balancer's timeline can find it.
     * Besides Gatling's own statistics, each answer is recorded with the headers the balancer
     * adds (worker, request id, time queued), so the demo report can join it with the
     * balancer's timeline. Only headers are read: parsing every body would cost the load
     * generator CPU that a 100-response burst cannot spare on two cores.
     */
    protected ChainBuilder work(String name, String query) {
        return CoreDsl.exec(http(name).get("/work?" + query + "&tag=" + tag(name))
                        .check(status().is(200),
                                responseTimeInMillis().saveAs("lab.rt"),
                                header(LabHeaders.QUEUE_MS).optional().saveAs("lab.queueMs"),
                                header(LabHeaders.WORKER_ID).optional().saveAs("lab.worker"),
                                header(LabHeaders.REQUEST_ID).optional().saveAs("lab.requestId")))
                .exec(session -> {
                    if (!name.equals("warm-up")) {
                        requests.record(name, session);
                    }
                    return session.removeAll("lab.rt", "lab.queueMs", "lab.worker", "lab.requestId");
                });
    }

    /**
     * A warm-up on the lab itself before the measured population ({@code -Dwarmup=N}
     * requests of {@code io=0}, 200 by default, from up to 100 users at once; 0 = none). The
     * first requests of a fresh JVM - Gatling's as much as the lab's - run interpreted code and
     * open new connections, which the theory knows nothing about: 100 responses arriving at
     * once at a cold Gatling take hundreds of milliseconds to be read.
     */
    protected PopulationBuilder warmUpThen(PopulationBuilder measured) {
        if (warmUpRequests == 0) {
            return measured;
        }
        int users = Math.min(100, warmUpRequests);
        int perUser = Math.max(1, warmUpRequests / users);
        return scenario("warm-up").repeat(perUser).on(work("warm-up", "io=0"))
                .injectOpen(atOnceUsers(users))
                .andThen(measured);
    }

    /**
     * Opens {@code users} keep-alive connections right before the step that needs them: one
     * {@code io=0} request from each of {@code users} users at once, recorded nowhere (the
     * warm-up's name). {@link #warmUpThen} opens at most 100; a burst of more users would
     * otherwise open the rest while it is measured, and a cold connection costs the balancer's and
     * the load generator's event loops several times a warm request (accept, pipeline, decoder).
     * Empty when the first warm-up opened enough, or there was none ({@code -Dwarmup=0}).
     */
    protected List<PopulationBuilder> connectionsFor(int users) {
        if (warmUpRequests == 0 || users <= Math.min(100, warmUpRequests)) {
            return List.of();
        }
        return List.of(scenario("warm-up: " + users + " connections").exec(work("warm-up", "io=0"))
                .injectOpen(atOnceUsers(users)));
    }

    /**
     * Adds an expectation for the requests named {@code name}; its assertions go into
     * {@link #assertionsOf}. {@code cause} names what most likely moves a measurement out of
     * the band, for the report of a row that disagrees.
     */
    protected Expectation expect(String name, Prediction prediction, String cause) {
        return add(new Expectation(name, tag(name), prediction, band(), false, cause));
    }

    /** Adds an expectation for a group: requests tagged {@code tag}, one after another, whose duration is measured. */
    protected Expectation expectGroup(String name, String tag, Prediction prediction, String cause) {
        return add(new Expectation(name, tag, prediction, band(), true, cause));
    }

    private Expectation add(Expectation e) {
        expectations.add(e);
        Prediction p = e.prediction();
        System.out.println("lab: expect " + e.name() + ": " + p.model() + " -> p50 " + ms(p.p50()) + ", p95 "
                + ms(p.p95()) + ", max " + ms(p.max()) + (Double.isNaN(p.throughput()) ? ""
                : String.format(Locale.ROOT, ", %.1f req/s", p.throughput())) + ", each " + e.band());
        return e;
    }

    /**
     * Runs {@code steps} one after another. Gatling's {@code a.andThen(b).andThen(c)} starts b
     * and c together once a is done, so the chain is nested from the last step back.
     */
    protected static PopulationBuilder inSequence(List<PopulationBuilder> steps) {
        PopulationBuilder chain = steps.get(steps.size() - 1);
        for (int i = steps.size() - 2; i >= 0; i--) {
            chain = steps.get(i).andThen(chain);
        }
        return chain;
    }

    /** Every expectation's assertions, plus any extra ones. */
    protected List<Assertion> assertionsOf(Assertion... extra) {
        List<Assertion> out = new ArrayList<>();
        expectations.forEach(e -> out.addAll(e.assertions()));
        out.addAll(List.of(extra));
        return out;
    }

    /**
     * After the run: writes every measured request ({@code -Dlab.requestsFile}), then checks
     * each expectation the way the demo does (nearest rank, the same band), including what
     * Gatling's assertions cannot express (a row's throughput over its own span). A
     * disagreement is printed with its likely cause and recorded for {@link RunSimulation}
     * ({@code -Dlab.checksFile}); run by the Maven plugin, it fails the run.
     */
    @Override
    public void after() {
        String file = System.getProperty("lab.requestsFile");
        if (file != null && !file.isBlank()) {
            requests.writeCsv(Path.of(file));
        }
        List<RequestSamples.Sample> samples = RequestSamples.parse(requests.lines());
        List<String> failures = new ArrayList<>();
        for (Expectation e : expectations) {
            List<RequestSamples.Sample> mine = samples.stream().filter(s -> tag(s.name()).equals(e.tag())).toList();
            RequestSamples.Stats measured = e.group() ? RequestSamples.span(mine) : RequestSamples.stats(mine);
            List<String> off = e.disagreements(measured);
            System.out.println("lab: measured " + e.name() + ": " + e.describe(measured) + " - "
                    + (off.isEmpty() ? "agrees" : "DISAGREES"));
            if (!off.isEmpty()) {
                failures.add(e.name() + ": " + String.join(", ", off) + " - likely cause: " + e.cause());
            }
        }
        failures.forEach(f -> System.out.println("lab: DISAGREES " + f));
        String checks = System.getProperty("lab.checksFile");
        if (checks != null && !checks.isBlank()) {
            try {
                Files.write(Path.of(checks), failures);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + checks, e);
            }
        } else if (!failures.isEmpty()) {
            throw new AssertionError("the lab's checks failed: " + String.join("; ", failures));
        }
    }

    @Override
    public void before() {
        String file = System.getProperty("lab.summaryFile");
        if (file == null || file.isBlank()) {
            return;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("simulation", getClass().getSimpleName());
        summary.put("topology", lab.topology());
        summary.put("workers", lab.workers());
        summary.put("slots", lab.slots() == Integer.MAX_VALUE ? null : lab.slots());
        summary.put("loadModel", loadModel());
        summary.put("parameters", parameters);
        summary.put("expectations", expectations.stream().map(Expectation::toMap).toList());
        try {
            Files.writeString(Path.of(file), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(summary));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A URL-safe tag for a request name: "100 at once" -> "100-at-once" ({@link RequestSamples#tag}). */
    static String tag(String name) {
        return RequestSamples.tag(name);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : Math.round(v) + " ms";
    }
}
