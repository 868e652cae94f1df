package dev.syncasync.balancer;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the balancer opens its ports, {@code warmup-connections} requests on fresh connections
 * through a throwaway copy of its client port (same edge, API, dispatcher code; no worker, its
 * own timeline and meters, on a free loopback port), so the JIT has compiled what a new
 * connection costs before the first real burst arrives. Measured (docs/benchmarks.md): the
 * first burst of 200 new connections cost the balancer's event loop about 120-160 ms of CPU
 * interpreted and barely compiled, 15-25 ms once compiled. Runs on the calling thread (the
 * client side) and the balancer's event loop (the server side); nothing of it is seen
 * afterwards: not in the timeline, the metrics or the request ids.
 */
final class Warmup {

    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** What real clients send most: a request the full or empty pool refuses, bad input, a health check. */
    private static final String[] TARGETS = {"/work?io=0&tag=warmup", "/work?io=0&oi=1", "/health", "/work?io=5"};

    private Warmup() {
    }

    static void run(Vertx vertx, Context context, BalancerConfig config) {
        int connections = config.warmupConnections();
        if (connections <= 0) {
            return;
        }
        long start = System.nanoTime();
        BalancerConfig throwaway = config.with(b -> {
            b.host = InetAddress.getLoopbackAddress().getHostAddress();
            b.port = 0;
            b.timelineSize = 0;
            b.timelineFile = "";
        });
        HttpServer server = Balancer.call(context, () -> listen(vertx, throwaway), CALL_TIMEOUT);
        try {
            for (int i = 0; i < connections; i++) {
                exchange(server.actualPort(), TARGETS[i % TARGETS.length]);
            }
        } catch (IOException e) {
            LOG.atWarn().log(() -> "warm-up stopped early: " + e.getMessage());
        } finally {
            Balancer.call(context, () -> server.close(), CALL_TIMEOUT);
        }
        LOG.atDebug().log(() -> "warmed the client port up with " + connections + " connections in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    private static Future<HttpServer> listen(Vertx vertx, BalancerConfig config) {
        Timeline timeline = new Timeline(0);
        BalancerMetrics metrics = new BalancerMetrics(() -> 0, () -> 0);
        Responder responder = new Responder(config, timeline, metrics, () -> Topology.SYNC);
        Dispatcher dispatcher = new Dispatcher(vertx, config, Topology.SYNC, responder, metrics);
        return ClientEdge.server(vertx, config, dispatcher, responder, metrics).listen();
    }

    /** One request on a new connection, read to the end of its answer. */
    private static void exchange(int port, String target) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) CALL_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: warmup\r\n\r\n").getBytes(US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                head.append((char) b);
            }
            String lower = head.toString().toLowerCase(Locale.ROOT);
            int at = lower.indexOf("content-length:");
            if (at >= 0) {
                in.readNBytes(Integer.parseInt(lower.substring(at + 15, lower.indexOf('\r', at)).strip()));
            }
        }
    }
}
