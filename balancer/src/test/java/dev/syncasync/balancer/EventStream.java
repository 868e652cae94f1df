package dev.syncasync.balancer;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A server-sent-events client, as a browser's EventSource reads {@code /live/events}: every event
 * with its type and its JSON data, kept in arrival order. Closing it drops the connection.
 */
final class EventStream implements AutoCloseable {

    /** One event: its {@code event:} type ("message" when none) and its data. */
    record Event(String type, JsonObject data, long receivedNanos) {
    }

    // A client of its own, so that closing the stream closes its one connection.
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final HttpResponse<Stream<String>> response;

    EventStream(String url) {
        try {
            response = client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Thread reader = new Thread(this::read, "event-stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    HttpResponse<Stream<String>> response() {
        return response;
    }

    private void read() {
        String[] type = {"message"};
        StringBuilder data = new StringBuilder();
        try {
            response.body().forEach(line -> {
                if (line.startsWith("event:")) {
                    type[0] = line.substring("event:".length()).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring("data:".length()).strip());
                } else if (line.isEmpty() && !data.isEmpty()) {
                    events.add(new Event(type[0], new JsonObject(data.toString()), System.nanoTime()));
                    data.setLength(0);
                    type[0] = "message";
                }
            });
        } catch (RuntimeException e) {
            // The stream was closed (by us, or by the balancer shutting down).
        }
    }

    /** Every event so far, in arrival order. */
    List<Event> events() {
        return List.copyOf(events);
    }

    /** The ticks so far (events without a type), in arrival order. */
    List<JsonObject> ticks() {
        return events.stream().filter(e -> e.type().equals("message")).map(Event::data).toList();
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
