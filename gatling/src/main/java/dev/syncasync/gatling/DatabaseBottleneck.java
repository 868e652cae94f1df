package dev.syncasync.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncasync.theory.Prediction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * The caveat of the reference's scalability argument: 100 requests at once that each wait
 * {@code db} ms in a real PostgreSQL ({@code GET /work?db=200}), behind each worker's pool of
 * {@code dbPool} connections ({@code db.pool-size}). With P connections in use across the
 * active pool - per worker the smaller of its slots and its connections - every topology comes
 * in {@code ceil(users / P)} waves ({@link Prediction#waves}): the sync pool of 4 one-thread
 * workers looks as before (its threads bind first), while the async and virtual pools lose their
 * one wave unless P grows. A wave is {@code db} plus the query's own cost, measured in this run
 * (the median {@code dbQueryMs - db} of a few sequential {@code db=1} requests), plus the slot's
 * calibrated hold when a worker's threads, not its connections, are the bound.
 * {@code -Dusers=100 -Ddb=200 -DdbPool=4} by default.
 */
public class DatabaseBottleneck extends LabSimulation {

    private static final int QUERY_SAMPLES = 11;

    public DatabaseBottleneck() {
        int users = param("users", Params.integer("users", 100, 1, 10_000));
        int db = param("db", Params.integer("db", 200, 1, 60_000));
        int dbPool = param("dbPool", Params.integer("dbPool", 4, 1, 1_000));
        int connections = param("connections", connections(lab, dbPool));
        double queryMs = param("dbQueryOverheadMs", Math.round(queryOverheadMs(baseUrl) * 100) / 100.0);
        // Threads bind first (a sync worker of 1 thread holds 1 of its 4 connections): the slot is held
        // for the hop too. Connections bind first: a connection is back in the pool before the answer leaves.
        boolean threadBound = !lab.unlimited() && lab.slots() / lab.workers() <= dbPool;
        String name = users + " at once, db=" + db;
        Prediction waves = Prediction.waves(users, connections, db + queryMs, threadBound ? holdMs : 0,
                overheadMs, serialMs);
        // The report names the model: the connections it counted, then the waves on them.
        Prediction prediction = new Prediction("connection pool: " + connections + " connections in use ("
                + lab.workers() + " workers x min(" + (lab.unlimited() ? "no limit" : lab.slots() / lab.workers()
                + " threads") + ", db.pool-size " + dbPool + ")), a wave = db " + db + " + query "
                + Prediction.trim(queryMs) + " ms; " + waves.model(), waves.p50(), waves.p95(), waves.max(),
                waves.throughput());
        expect(name, prediction, connections < users
                ? "a wave took longer than db plus the query's measured cost: the database or a worker was descheduled"
                : "the burst's serial cost differed from the warm calibration's");
        System.out.println(String.format(Locale.ROOT, "lab: %d connections in use at once (%s, db.pool-size %d): "
                + "%d waves of db %d ms + query %.2f ms%s", connections, lab.describe(), dbPool,
                (users + connections - 1) / connections, db, queryMs, threadBound ? " + hold (threads bind first)" : ""));
        setUp(warmUpThen(scenario(name).exec(work(name, "db=" + db)).injectOpen(atOnceUsers(users))))
                .protocols(protocol())
                .assertions(assertionsOf());
    }

    /**
     * Requests of the active pool in the database at once: per worker the smaller of its slots
     * (threads, or no limit) and its {@code dbPool} connections.
     */
    static int connections(LabTopology lab, int dbPool) {
        if (lab.unlimited()) {
            return lab.workers() * dbPool;
        }
        return lab.workers() * Math.min(lab.slots() / lab.workers(), dbPool);
    }

    /** The median of what a {@code db=1} request's query took beyond its 1 ms, alone: the database's own cost. */
    static double queryOverheadMs(String baseUrl) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                .version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "")
                + "/work?db=1&tag=calibration")).timeout(Duration.ofSeconds(10)).build();
        ObjectMapper json = new ObjectMapper();
        double[] samples = new double[QUERY_SAMPLES];
        try {
            for (int i = -3; i < QUERY_SAMPLES; i++) {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                            + response.body() + " (is the lab's database up? see /health of a worker)");
                }
                if (i >= 0) {
                    samples[i] = Math.max(0, json.readTree(response.body()).path("dbQueryMs").asDouble() - 1);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("no balancer at " + baseUrl + " (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the database's query cost", e);
        }
        Arrays.sort(samples);
        return samples[QUERY_SAMPLES / 2];
    }

    @Override
    protected String loadModel() {
        return "closed";
    }
}
