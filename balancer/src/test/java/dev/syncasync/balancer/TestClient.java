package dev.syncasync.balancer;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/** A plain HTTP/1.1 client, as a user's client talks to the balancer. */
final class TestClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** A response and when it arrived, in {@link System#nanoTime()}. */
    record Timed(HttpResponse<String> response, long sentNanos, long doneNanos) {

        int status() {
            return response.statusCode();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        double elapsedMs() {
            return (doneNanos - sentNanos) / 1_000_000.0;
        }
    }

    /** A status, the head and the body read off a raw socket. */
    record Raw(int status, String head, String body) {
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return client.send(request(url).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET that also says how long it took, from just before sending to the last byte. */
    Timed timedGet(String url) throws IOException, InterruptedException {
        long sent = System.nanoTime();
        HttpResponse<String> response = get(url);
        return new Timed(response, sent, System.nanoTime());
    }

    HttpResponse<String> post(String url, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        return client.send(request(url).POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<Timed> getAsync(String url) {
        long sent = System.nanoTime();
        return client.sendAsync(request(url).GET().build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Timed(r, sent, System.nanoTime()));
    }

    /** Writes {@code head} (request line and headers, without the blank line) and reads one answer. */
    static Raw raw(int port, String head) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write((head + "\r\n\r\n").getBytes(US_ASCII));
            return read(socket.getInputStream());
        }
    }

    /** Reads one response by its {@code Content-Length}, so a connection left open does not block. */
    static Raw read(InputStream in) throws IOException {
        String head = readHead(in);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        String body = new String(in.readNBytes(length), UTF_8);
        return new Raw(Integer.parseInt(head.substring(9, 12)), head, body);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes of a response head");
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(US_ASCII);
    }

    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
