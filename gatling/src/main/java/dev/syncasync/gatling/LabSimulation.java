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
            Params.integer("eventLoops", 1, 1, 1024));

    /**
     * What each request pays on top of its work ({@code -Doverhead=ms}, or measured by
     * {@link Calibration}): the theory's service time is {@code io + overheadMs}.
     */
    protected final double overheadMs;
    /**
     * What each further request of a burst adds in the balancer's single event loop
     * ({@code -Dserial=ms}, or measured by {@link Calibration}).
     */
    protected final double serialMs;

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
        Calibration measured = overhead >= 0 && serial >= 0 ? null : Calibration.measure(baseUrl, lab.slots());
        overheadMs = overhead >= 0 ? overhead : measured.roundTripMs();
        serialMs = serial >= 0 ? serial : measured.serialMs();
        parameters.put("overheadMs", Math.round(overheadMs * 100) / 100.0);
        parameters.put("serialMs", Math.round(serialMs * 1000) / 1000.0);
        System.out.println(String.format(Locale.ROOT, "lab: each request pays %.2f ms on top of its work, and %.3f ms "
                + "more per request ahead of it in a burst (%s)", overheadMs, serialMs,
                measured == null ? "-Doverhead, -Dserial" : "measured with empty requests"));
    }

    /**
     * A band from the floor (the prediction without the round trip: nobody beats the work
     * itself; 2% for Gatling's whole milliseconds) to 10% above the prediction, plus two round
     * trips: the jitter of one round trip is a few milliseconds on a busy machine, which a
     * single 50 ms request cannot absorb in 10%. {@code floorRatio} is {@code io / prediction's T}.
     */
    protected Expectation.Band tenPercentAbove(double floorRatio) {
        return new Expectation.Band(0.98 * floorRatio, 1.10, 2 * overheadMs);
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

    /** Adds an expectation; its assertions go into {@link #assertionsOf}. */
    protected Expectation expect(String name, Prediction prediction, Expectation.Band band, String... checked) {
        return expect(name, tag(name), prediction, band, checked);
    }

    /** Adds an expectation whose requests carry {@code tag} (a group's requests have their own name). */
    protected Expectation expect(String name, String tag, Prediction prediction, Expectation.Band band,
                                 String... checked) {
        Expectation e = new Expectation(name, tag, prediction, band, List.of(checked));
        expectations.add(e);
        System.out.println("lab: expect " + name + ": " + prediction.model() + " -> p50 " + ms(prediction.p50())
                + ", p95 " + ms(prediction.p95()) + ", max " + ms(prediction.max()));
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

    @Override
    public void after() {
        String file = System.getProperty("lab.requestsFile");
        if (file != null && !file.isBlank()) {
            requests.writeCsv(Path.of(file));
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
