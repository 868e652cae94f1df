package dev.syncasync.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A plain HTTP/1.1 client for the tests, as a user's client would talk to a worker. */
public final class TestHttp implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** A response and when it completed, in {@link System#nanoTime()}. */
    public record Timed(HttpResponse<String> response, long doneNanos) {

        public String body() {
            return response.body();
        }
    }

    /** A status line and body read off a raw socket. */
    public record Raw(int status, String body) {
    }

    public HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return client.send(request(url).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String url) throws IOException, InterruptedException {
        return client.send(request(url).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public CompletableFuture<Timed> getAsync(String url) {
        return client.sendAsync(request(url).GET().build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Timed(r, System.nanoTime()));
    }

    /** Sends a request target as is, even one {@link URI} refuses (such as {@code io=%zz}). */
    public static Raw raw(int port, String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(US_ASCII));
            String text = new String(socket.getInputStream().readAllBytes(), UTF_8);
            return new Raw(Integer.parseInt(text.substring(9, 12)), text.substring(text.indexOf("\r\n\r\n") + 4));
        }
    }

    /** A JSON body, parsed (Jackson): a body that is not JSON fails the test. */
    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** A whole-number field of a JSON object. */
    public static long number(String json, String key) {
        JsonNode value = field(json, key);
        if (!value.canConvertToExactIntegral()) {
            throw new AssertionError(key + " is not a whole number in " + json);
        }
        return value.asLong();
    }

    /** A numeric field of a JSON object. */
    public static double decimal(String json, String key) {
        JsonNode value = field(json, key);
        if (!value.isNumber()) {
            throw new AssertionError(key + " is not a number in " + json);
        }
        return value.asDouble();
    }

    /** A string field of a JSON object. */
    public static String text(String json, String key) {
        JsonNode value = field(json, key);
        if (!value.isTextual()) {
            throw new AssertionError(key + " is not a string in " + json);
        }
        return value.asText();
    }

    private static JsonNode field(String json, String key) {
        JsonNode value = json(json).get(key);
        if (value == null) {
            throw new AssertionError("no field " + key + " in " + json);
        }
        return value;
    }

    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
    }

    @Override
    public void close() {
        client.close();
    }
}
