package dev.syncasync.balancer;

import static dev.syncasync.balancer.BalancerRig.eventually;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.server.WorkerInfo;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure on the netty data plane: a client that does not read a large answer makes the
 * balancer stop reading the worker, so what the worker managed to send stays within the
 * buffers between them (the kernel's, plus Netty's water mark, plus one h2c stream window),
 * instead of the whole answer piling up in the balancer. When the client reads again, the
 * answer arrives whole. Over HTTP/1.1 (a sync-pool worker) and h2c (an async-pool worker).
 */
class NettySlowReaderTest {

    /** A chunk of the answer the test worker writes at a time. */
    private static final int CHUNK = 64 * 1024;
    /** What the client's socket may hold unread: set small, so only the balancer's side can grow. */
    private static final int CLIENT_RECEIVE_BUFFER = 64 * 1024;

    private Vertx vertx;
    private HttpServer server;
    private BalancerRig rig;
    private final AtomicLong written = new AtomicLong();
    private long bodyBytes;
    private long bound;

    @BeforeEach
    void start() throws IOException {
        // Between the worker and the client, bytes can wait in: the worker's send buffer and the
        // balancer's receive buffer (each at most the kernel's maximum), the balancer's outbound
        // buffer (Netty's high water mark, 64 KiB) plus one read, one h2c stream window (1 MiB),
        // the balancer's send buffer to the client and the client's receive buffer.
        long rmemMax = kernelMax("tcp_rmem");
        long wmemMax = kernelMax("tcp_wmem");
        bound = wmemMax + rmemMax + 64 * 1024 + CHUNK + (1 << 20) + wmemMax + 4L * CLIENT_RECEIVE_BUFFER;
        bodyBytes = Math.max(256L << 20, 4 * bound) / CHUNK * CHUNK;
        vertx = Vertx.vertx();
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(request -> {
                    HttpServerResponse response = request.response();
                    if (request.path().startsWith("/health")) {
                        response.end("{\"status\":\"UP\"}");
                        return;
                    }
                    response.putHeader("Content-Length", Long.toString(bodyBytes));
                    send(response, Buffer.buffer(new byte[CHUNK]), bodyBytes);
                })
                .listen().await();
        rig = BalancerRig.start(BalancerConfig.defaults().withDataPlane("netty"), Topology.SYNC);
    }

    /** Writes {@code left} bytes in chunks as fast as the connection takes them, counting what it handed over. */
    private void send(HttpServerResponse response, Buffer chunk, long left) {
        long remaining = left;
        while (remaining > 0 && !response.writeQueueFull()) {
            response.write(chunk);
            written.addAndGet(CHUNK);
            remaining -= CHUNK;
        }
        if (remaining == 0) {
            response.end();
            return;
        }
        long rest = remaining;
        response.drainHandler(v -> send(response, chunk, rest));
    }

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
        if (vertx != null) {
            vertx.close().await();
        }
    }

    private static long kernelMax(String name) throws IOException {
        String[] fields;
        // /proc files report a size of 0: read them as a stream.
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/" + name))) {
            fields = new String(in.readAllBytes(), US_ASCII).trim().split("\\s+");
        }
        return Long.parseLong(fields[2]);
    }

    @Test
    void a_client_that_stops_reading_stops_an_http1_worker_within_the_buffers_and_then_gets_the_whole_answer()
            throws Exception {
        rig.balancer().addWorker(new WorkerInfo("big", Topology.SYNC, "127.0.0.1", server.actualPort(), 1));
        stallThenReadAll();
    }

    @Test
    void a_client_that_stops_reading_stops_an_h2c_worker_within_the_buffers_and_then_gets_the_whole_answer()
            throws Exception {
        rig.balancer().topology(Topology.ASYNC);
        rig.balancer().addWorker(new WorkerInfo("big", Topology.ASYNC, "127.0.0.1", server.actualPort(),
                dev.syncasync.server.WorkerServer.UNLIMITED));
        stallThenReadAll();
    }

    private void stallThenReadAll() throws Exception {
        eventually().until(() -> rig.client().get(rig.url("/health")).statusCode() == 200);
        try (Socket client = new Socket()) {
            client.setReceiveBufferSize(CLIENT_RECEIVE_BUFFER);
            client.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
            client.connect(new InetSocketAddress("127.0.0.1", rig.balancer().port()));
            client.getOutputStream().write("GET /work?io=0 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));

            // The client reads nothing: the worker's writing stalls (no progress for half a second).
            long[] last = {-1};
            eventually().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                long now = written.get();
                boolean stalled = now > 0 && now == last[0];
                last[0] = now;
                return stalled;
            });
            long stalledAt = written.get();
            assertThat(stalledAt).as("bytes the worker sent to a client that reads nothing (bound %d, answer %d)",
                    bound, bodyBytes).isLessThanOrEqualTo(bound).isLessThan(bodyBytes);

            // Now it reads: every byte of the answer arrives.
            long received = readAnswer(client.getInputStream());
            assertThat(received).isEqualTo(bodyBytes);
            assertThat(written.get()).isEqualTo(bodyBytes);
        }
    }

    /** Reads one answer's head and then its body by Content-Length; returns the body's length. */
    private static long readAnswer(InputStream in) throws IOException {
        TestClient.Raw head = readHeadOnly(in);
        assertThat(head.status()).isEqualTo(200);
        long length = -1;
        for (String line : head.head().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        assertThat(length).as(head.head()).isPositive();
        byte[] buffer = new byte[1 << 16];
        long received = 0;
        while (received < length) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - received));
            if (n < 0) {
                break;
            }
            received += n;
        }
        return received;
    }

    private static TestClient.Raw readHeadOnly(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes of a response head");
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(US_ASCII);
        return new TestClient.Raw(Integer.parseInt(text.substring(9, 12)), text, "");
    }
}
