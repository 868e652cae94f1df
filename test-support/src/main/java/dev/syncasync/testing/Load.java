package dev.syncasync.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded closed-loop load: {@code clients} threads each sending GETs one after another
 * for {@code duration}, counting what came back. Stops by itself.
 */
public final class Load {

    /** What the clients saw: 200s, anything else, and the first few failures for the message. */
    public record Outcome(int ok, int failures, List<String> samples) {
    }

    private final ExecutorService threads;
    private final List<Future<?>> loops = new ArrayList<>();
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();

    private Load(int clients) {
        threads = Executors.newFixedThreadPool(clients);
    }

    /** Starts {@code clients} loops of GETs of {@code url} that stop after {@code duration}. */
    public static Load start(String url, int clients, Duration duration) {
        Load load = new Load(clients);
        long end = System.nanoTime() + duration.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build();
        for (int i = 0; i < clients; i++) {
            load.loops.add(load.threads.submit(() -> {
                while (System.nanoTime() < end) {
                    load.once(http, request);
                }
            }));
        }
        return load;
    }

    private void once(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                ok.incrementAndGet();
            } else {
                fail(response.statusCode() + " " + response.body());
            }
        } catch (Exception e) {
            fail(e.toString());
        }
    }

    private void fail(String what) {
        failures.incrementAndGet();
        if (samples.size() < 5) {
            samples.add(what);
        }
    }

    /** Waits for every loop to end (they stop by themselves) and returns the counts. */
    public Outcome await() throws Exception {
        for (Future<?> loop : loops) {
            loop.get();
        }
        threads.shutdown();
        return new Outcome(ok.get(), failures.get(), List.copyOf(samples));
    }
}
