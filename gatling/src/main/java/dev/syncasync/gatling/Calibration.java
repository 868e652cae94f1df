package dev.syncasync.gatling;

import dev.syncasync.work.LabHeaders;
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
 *   <li>the round trip of one request alone: network, parsing, thread hand-offs. A request
 *   that does not wait takes {@code io + roundTrip}. A fraction of a millisecond on an idle
 *   machine, a few on a busy 2-core one;</li>
 *   <li>the hold: how much longer than {@code io} a request holds its worker slot (the
 *   balancer's dispatch to the end of its answer, from the balancer's timeline); a sync
 *   pool's waves are {@code io + hold} apart;</li>
 *   <li>the serial cost of a burst: the balancer forwards requests on one event loop, so the
 *   k-th of a burst leaves k times its CPU cost after the first. Measured with bursts of up
 *   to 50 requests of {@code io=100} (never more than the pool's slots, so no request waits
 *   for a slot), after two bursts that warm the path up.</li>
 * </ul>
 *
 * @param roundTripMs the median round trip of one request alone
 * @param serialMs    the extra time each further request of a burst adds; 0 when the pool
 *                    has too few slots to measure it (its waves are short anyway)
 * @param holdMs      how much longer than io a request holds its slot; the round trip when
 *                    the balancer's timeline cannot be read
 */
record Calibration(double roundTripMs, double serialMs, double holdMs) {

    private static final int DISCARDED = 10;
    private static final int MEASURED = 21;

    private static final int BURST = 50;
    private static final int WARM_BURSTS = 2;
    private static final int BURSTS = 5;

    /** Measures all three, against the balancer at {@code baseUrl}/{@code adminUrl} whose active pool has {@code slots} slots. */
    static Calibration measure(String baseUrl, String adminUrl, int slots) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                .version(HttpClient.Version.HTTP_1_1).build();
        List<Long> ids = new ArrayList<>();
        double roundTrip = roundTrip(client, baseUrl, ids);
        double hold = SlotHold.meanMs(adminUrl, ids);
        hold = Double.isNaN(hold) ? roundTrip : Math.min(hold, roundTrip);
        int n = Math.min(BURST, slots);
        if (n < 8) {
            return new Calibration(roundTrip, 0, hold);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + "/work?io="
                + Calibrate.BURST_IO_MS + "&tag=calibration")).timeout(Duration.ofSeconds(10)).build();
        double[] slowest = new double[BURSTS];
        for (int b = -WARM_BURSTS; b < BURSTS; b++) {
            List<CompletableFuture<Double>> burst = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long sent = System.nanoTime();
                burst.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .thenApply(r -> (System.nanoTime() - sent) / 1e6));
            }
            double max = burst.stream().mapToDouble(CompletableFuture::join).max().orElse(0);
            if (b >= 0) {
                slowest[b] = max;
            }
        }
        // As in Calibrate: the slowest latency beyond io and one round trip, per further request.
        Arrays.sort(slowest);
        double extra = slowest[BURSTS / 2] - Calibrate.BURST_IO_MS - roundTrip;
        return new Calibration(roundTrip, Math.max(0, extra / (n - 1)), hold);
    }

    /**
     * The median round trip in ms of {@link #MEASURED} sequential empty requests, after a few
     * to warm up; the balancer's ids of the measured ones go to {@code ids}.
     */
    private static double roundTrip(HttpClient client, String baseUrl, List<Long> ids) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "")
                + "/work?io=0&tag=calibration")).timeout(Duration.ofSeconds(10)).build();
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
                    response.headers().firstValue(LabHeaders.REQUEST_ID).ifPresent(id -> ids.add(Long.parseLong(id)));
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
