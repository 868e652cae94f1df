package dev.syncasync.gatling;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the lab costs a request besides its work, measured with the JDK's HTTP client before a
 * simulation that runs alone ({@link RunSimulation} measures it with Gatling instead, see
 * {@link Calibrate}):
 * <ul>
 *   <li>the round trip of one request alone: network, parsing, thread hand-offs. The theory's
 *   service time is {@code io + roundTrip}. A fraction of a millisecond on an idle machine, a
 *   few on a busy 2-core one;</li>
 *   <li>the serial cost of a burst: the balancer forwards requests on one event loop, so the
 *   k-th of a burst leaves k times its CPU cost after the first. Measured with bursts of up
 *   to 50 requests of {@code io=100} (never more than the pool's slots, so no request waits
 *   for a slot).</li>
 * </ul>
 *
 * @param roundTripMs the median round trip of one request alone
 * @param serialMs    the extra time each further request of a burst adds; 0 when the pool
 *                    has too few slots to measure it (its waves are short anyway)
 */
record Calibration(double roundTripMs, double serialMs) {

    private static final int DISCARDED = 10;
    private static final int MEASURED = 21;

    private static final int BURST = 50;
    private static final int BURSTS = 5;

    /** Measures both, against the balancer at {@code baseUrl} whose active pool has {@code slots} slots. */
    static Calibration measure(String baseUrl, int slots) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                .version(HttpClient.Version.HTTP_1_1).build();
        double roundTrip = roundTrip(client, baseUrl);
        int n = Math.min(BURST, slots);
        if (n < 8) {
            return new Calibration(roundTrip, 0);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + "/work?io="
                + Calibrate.BURST_IO_MS + "&tag=calibration")).timeout(Duration.ofSeconds(10)).build();
        double[] slowest = new double[BURSTS];
        for (int b = 0; b < BURSTS; b++) {
            List<CompletableFuture<Double>> burst = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long sent = System.nanoTime();
                burst.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .thenApply(r -> (System.nanoTime() - sent) / 1e6));
            }
            slowest[b] = burst.stream().mapToDouble(CompletableFuture::join).max().orElse(0);
        }
        // As in Calibrate: the slowest latency beyond io and one round trip, per further request;
        // the first bursts open the connections, the median is the steady cost.
        Arrays.sort(slowest);
        double extra = slowest[BURSTS / 2] - Calibrate.BURST_IO_MS - roundTrip;
        return new Calibration(roundTrip, Math.max(0, extra / (n - 1)));
    }

    private static HttpRequest emptyRequest(String baseUrl) {
        return HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + "/work?io=0&tag=calibration"))
                .timeout(Duration.ofSeconds(10)).build();
    }

    /** The median round trip in ms of {@link #MEASURED} sequential empty requests, after a few to warm up. */
    private static double roundTrip(HttpClient client, String baseUrl) {
        HttpRequest request = emptyRequest(baseUrl);
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
