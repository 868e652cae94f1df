package dev.syncasync.gatling;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * The round trip of a request that asks for no work ({@code GET /work?io=0}) through the
 * balancer, measured before a run: what every request pays on top of its {@code io} for
 * the network, the parsing and the thread hand-offs. The theory's service time is then
 * {@code io + roundTrip}. On an idle machine it is a fraction of a millisecond; on a busy
 * 2-core one, a few.
 */
final class Calibration {

    private static final int DISCARDED = 10;
    private static final int MEASURED = 21;

    private Calibration() {
    }

    /** The median round trip in ms of {@link #MEASURED} sequential empty requests, after a few to warm up. */
    static double roundTrip(String baseUrl) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                .version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + "/work?io=0&tag=calibration"))
                .timeout(Duration.ofSeconds(10)).build();
        double[] samples = new double[MEASURED];
        try {
            for (int i = 0; i < DISCARDED + MEASURED; i++) {
                long start = System.nanoTime();
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                double ms = (System.nanoTime() - start) / 1e6;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
                }
                if (i >= DISCARDED) {
                    samples[i - DISCARDED] = ms;
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no balancer at " + baseUrl + " (" + e.getMessage() + "): start the lab "
                    + "first (./lab up, or docker compose up), or point -DbaseUrl at its client port");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calibrating");
        }
        Arrays.sort(samples);
        return samples[MEASURED / 2];
    }
}
