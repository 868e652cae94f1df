package dev.syncasync.balancer;

import static dev.syncasync.balancer.BalancerRig.eventually;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.config.BalancerConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a slow or idle client may hold at the balancer: a request head trickling in (slowloris)
 * is cut off by the header timeout, a stalled body too, an idle keep-alive connection by the
 * idle timeout, and past {@code max-client-connections} a new connection is refused at once.
 * The timeouts are short here so the tests are quick; a timer may fire late on a busy machine,
 * never early, hence the asymmetric bounds.
 */
class ClientTimeoutsTest {

    private static final int HEADER_TIMEOUT_MS = 600;
    private static final int IDLE_TIMEOUT_MS = 800;
    /** How late a timer may fire on a busy 2-core machine shared with other builds. */
    private static final int LATE_MS = 3_000;

    private BalancerRig rig;
    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() throws IOException {
        pacer.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    private void start(Consumer<BalancerConfig.Builder> limits) {
        rig = BalancerRig.start(BalancerConfig.defaults().with(b -> {
            b.clientHeaderTimeoutMs = HEADER_TIMEOUT_MS;
            b.clientIdleTimeoutMs = IDLE_TIMEOUT_MS;
            limits.accept(b);
        }));
        rig.sync("sync-1", 2);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", rig.balancer().port());
        socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
        sockets.add(socket);
        return socket;
    }

    /** Reads until the balancer closes the connection; returns what came, and when the close came. */
    private static CompletableFuture<Closed> closing(Socket socket) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                byte[] bytes = socket.getInputStream().readAllBytes();
                return new Closed(new String(bytes, US_ASCII), System.nanoTime());
            } catch (IOException e) {
                return new Closed("(" + e.getMessage() + ")", System.nanoTime());
            }
        });
    }

    private record Closed(String received, long atNanos) {

        double msAfter(long startNanos) {
            return (atNanos - startNanos) / 1e6;
        }
    }

    @Test
    void slowloris_connections_sending_a_header_line_at_a_time_get_408_and_are_closed_after_the_header_timeout()
            throws Exception {
        start(b -> { });
        List<CompletableFuture<Closed>> closes = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Socket socket = connect();
            OutputStream out = socket.getOutputStream();
            starts.add(System.nanoTime());
            out.write("GET /work?io=0 HTTP/1.1\r\nHost: x\r\n".getBytes(US_ASCII));
            closes.add(closing(socket));
            // One more header line every 100 ms: each arrives well within any idle timeout.
            pacer.scheduleAtFixedRate(() -> {
                try {
                    out.write("X-Slow: 1\r\n".getBytes(US_ASCII));
                } catch (IOException e) {
                    // Closed by the balancer: that is the point.
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
        }

        for (int i = 0; i < closes.size(); i++) {
            Closed closed = closes.get(i).get(HEADER_TIMEOUT_MS + LATE_MS, TimeUnit.MILLISECONDS);
            assertThat(closed.received()).startsWith("HTTP/1.1 408 Request Timeout").containsIgnoringCase("connection: close");
            assertThat(closed.msAfter(starts.get(i))).isGreaterThanOrEqualTo(HEADER_TIMEOUT_MS - 50);
        }
        assertThat(rig.worker("sync-1").getLong("served")).isZero();
    }

    @Test
    void a_connection_that_never_sends_a_byte_is_closed_silently_after_the_header_timeout() throws Exception {
        start(b -> { });
        long start = System.nanoTime();

        Closed closed = closing(connect()).get(HEADER_TIMEOUT_MS + LATE_MS, TimeUnit.MILLISECONDS);

        assertThat(closed.received()).isEmpty();
        assertThat(closed.msAfter(start)).isGreaterThanOrEqualTo(HEADER_TIMEOUT_MS - 50);
    }

    @Test
    void a_head_that_begins_on_a_long_idle_keep_alive_connection_still_gets_408_after_the_header_timeout()
            throws Exception {
        // The idle timeout is far longer than the header timeout: a head that begins while the
        // connection waits idle is held to the header timeout from its first byte, not to what is
        // left of the idle timeout.
        int idleMs = 20_000;
        start(b -> b.clientIdleTimeoutMs = idleMs);
        Socket socket = connect();
        OutputStream out = socket.getOutputStream();
        out.write("GET /work?io=0 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
        assertThat(TestClient.read(socket.getInputStream()).status()).isEqualTo(200);
        CompletableFuture<Closed> closes = closing(socket);
        // Idle for several header timeouts, then half a head that never ends.
        CompletableFuture<Long> headStart = new CompletableFuture<>();
        pacer.schedule(() -> {
            try {
                headStart.complete(System.nanoTime());
                out.write("GET /work?io=0 HTTP/1.1\r\nHost: x\r\n".getBytes(US_ASCII));
            } catch (IOException e) {
                headStart.completeExceptionally(e);
            }
        }, 3L * HEADER_TIMEOUT_MS, TimeUnit.MILLISECONDS);

        Closed closed = closes.get(3L * HEADER_TIMEOUT_MS + HEADER_TIMEOUT_MS + LATE_MS, TimeUnit.MILLISECONDS);

        assertThat(closed.received()).startsWith("HTTP/1.1 408 Request Timeout");
        assertThat(closed.msAfter(headStart.get())).isGreaterThanOrEqualTo(HEADER_TIMEOUT_MS - 50)
                .isLessThan(HEADER_TIMEOUT_MS + LATE_MS);
    }

    @Test
    void a_body_that_stalls_longer_than_the_header_timeout_gets_408() throws Exception {
        start(b -> { });
        Socket socket = connect();
        long start = System.nanoTime();
        socket.getOutputStream().write("POST /work?io=0 HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhalf."
                .getBytes(US_ASCII));

        Closed closed = closing(socket).get(HEADER_TIMEOUT_MS + LATE_MS, TimeUnit.MILLISECONDS);

        assertThat(closed.received()).startsWith("HTTP/1.1 408 Request Timeout");
        assertThat(closed.msAfter(start)).isGreaterThanOrEqualTo(HEADER_TIMEOUT_MS - 50);
    }

    @Test
    void an_idle_keep_alive_connection_is_closed_after_the_idle_timeout_but_a_long_request_is_not_cut()
            throws Exception {
        start(b -> { });
        Socket idle = connect();
        idle.getOutputStream().write("GET /work?io=0 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
        assertThat(TestClient.read(idle.getInputStream()).status()).isEqualTo(200);
        long answered = System.nanoTime();
        CompletableFuture<Closed> idleClose = closing(idle);
        Socket busy = connect();
        int longIo = IDLE_TIMEOUT_MS + HEADER_TIMEOUT_MS + 400;
        busy.getOutputStream().write(("GET /work?io=" + longIo + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(US_ASCII));

        Closed closed = idleClose.get(IDLE_TIMEOUT_MS + LATE_MS, TimeUnit.MILLISECONDS);
        TestClient.Raw longAnswer = TestClient.read(busy.getInputStream());

        assertThat(closed.received()).as("closed without a word").isEmpty();
        assertThat(closed.msAfter(answered)).isGreaterThanOrEqualTo(IDLE_TIMEOUT_MS - 50);
        assertThat(longAnswer.status()).as("no client timer runs while the balancer works on an answer")
                .isEqualTo(200);
    }

    @Test
    void past_max_client_connections_a_new_connection_gets_503_at_once_and_one_closing_makes_room()
            throws Exception {
        int max = 4;
        start(b -> b.maxClientConnections = max);
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            Socket socket = connect();
            socket.getOutputStream().write("GET /work?io=0 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
            assertThat(TestClient.read(socket.getInputStream()).status()).isEqualTo(200);
            held.add(socket);
        }

        Socket extra = connect();
        long sent = System.nanoTime();
        extra.getOutputStream().write("GET /work?io=0 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
        InputStream in = extra.getInputStream();
        TestClient.Raw refused = TestClient.read(in);
        double refusedMs = (System.nanoTime() - sent) / 1e6;

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.head()).containsIgnoringCase("retry-after: 1").containsIgnoringCase("connection: close");
        assertThat(new JsonObject(refused.body()).getString("reason")).isEqualTo("too-many-connections");
        assertThat(refusedMs).as("refused at once, not after a timeout").isLessThan(1_000);
        assertThat(in.read()).as("then closed").isEqualTo(-1);
        assertThat(rig.worker("sync-1").getLong("served")).as("the refused request was never read").isEqualTo(max);

        held.get(0).close();
        eventually().untilAsserted(() -> assertThat(TestClient.raw(rig.balancer().port(),
                "GET /work?io=0 HTTP/1.1\r\nHost: x").status()).isEqualTo(200));
    }
}
