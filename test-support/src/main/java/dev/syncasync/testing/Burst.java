package dev.syncasync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends n requests at once (each on its own connection, as n separate clients would) and
 * records, for each, when it completed relative to the moment the burst started.
 */
public final class Burst {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request's outcome, as a client sees it. */
    public record Result(int status, double completedMs, String workerId, double queueMs, JsonNode body) {

        /** When the worker started serving it (the work contract's {@code startUs}, epoch us). */
        public long startUs() {
            return body.path("startUs").asLong();
        }

        /** When the worker finished serving it (epoch us). */
        public long endUs() {
            return body.path("endUs").asLong();
        }
    }

    private Burst() {
    }

    /**
     * Fires {@code n} GETs of {@code url} together and waits for every answer (at most {@code limit}).
     * The client is warmed up first with a GET of the server's {@code /health}, so class loading
     * and the client's first start are not counted as the server's time.
     */
    public static List<Result> send(String url, int n, Duration limit) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try (client) {
            URI target = URI.create(url);
            client.send(HttpRequest.newBuilder(target.resolve("/health")).build(), HttpResponse.BodyHandlers.discarding());
            HttpRequest request = HttpRequest.newBuilder(target).timeout(limit).GET().build();
            long start = System.nanoTime();
            List<CompletableFuture<Result>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        .thenApply(r -> result(r, start)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(limit.toMillis(), TimeUnit.MILLISECONDS);
            List<Result> results = new ArrayList<>(futures.stream().map(CompletableFuture::join).toList());
            results.sort(Comparator.comparingDouble(Result::completedMs));
            return results;
        }
    }

    private static Result result(HttpResponse<String> response, long start) {
        double completed = (System.nanoTime() - start) / 1_000_000.0;
        JsonNode body;
        try {
            body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
        return new Result(response.statusCode(), completed,
                response.headers().firstValue("X-Worker-Id").orElse(null),
                Double.parseDouble(response.headers().firstValue("X-Queue-Ms").orElse("NaN")),
                body);
    }

    /** When the last answer came, ms after the burst started. */
    public static double makespan(List<Result> results) {
        return results.stream().mapToDouble(Result::completedMs).max().orElseThrow();
    }

    /** The mean completion time, ms after the burst started. */
    public static double mean(List<Result> results) {
        return results.stream().mapToDouble(Result::completedMs).average().orElseThrow();
    }
}
