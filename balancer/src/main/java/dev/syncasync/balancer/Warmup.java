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
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the balancer opens its ports, {@code warmup-connections} requests on fresh connections,
 * in bursts of {@value #BURST} (or as many as fit in {@value #BUDGET_MS} ms after the first one,
 * which loads the classes of the whole path) through a throwaway copy of its client port (same edge, API and dispatcher
 * code; no worker; its own timeline and meters; a free loopback port), so the JIT has compiled
 * what a new connection costs before the first real burst arrives; then it waits, at most
 * {@value #COMPILER_WAIT_MS} ms, for the JIT compilers to finish, whose threads would otherwise
 * take the cores from the event loop during that burst. Measured (docs/benchmarks.md): the
 * first burst of 200 new connections cost a fresh balancer's event loop 100-150 ms of CPU, about
 * 40 ms after this warm-up, 15-25 ms once fully compiled. Runs on the calling thread (the client
 * side) and the balancer's event loop (the server side); nothing of it shows afterwards: not in
 * the timeline, the metrics or the request ids.
 */
final class Warmup {

    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** The most the warm-up's exchanges may take after the first one. */
    private static final long BUDGET_MS = 1_000;
    private static final long COMPILER_WAIT_MS = 500;
    /** A pause this long without compilation counts as the JIT having caught up. */
    private static final long QUIET_MS = 100;
    /** Connections opened together, then read: the size of the bursts the lab's scenarios send. */
    private static final int BURST = 100;
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
        int port;
        Runnable close;
        if (throwaway.dataPlane().equals("netty")) {
            NettyPlane plane = nettyPlane(vertx, throwaway);
            port = plane.listen(throwaway.host(), 0);
            close = plane::close;
        } else {
            HttpServer server = Balancer.call(context, () -> listen(vertx, throwaway), CALL_TIMEOUT);
            port = server.actualPort();
            close = () -> Balancer.call(context, () -> server.close(), CALL_TIMEOUT);
        }
        int done = 0;
        try {
            // The first exchange loads the classes of the whole path (half a second or more on a
            // busy machine): the budget starts after it. Then at most the budget: on a machine short
            // of cores each exchange waits for one, and a start-up that takes seconds would cost
            // more than the cold first burst it avoids.
            exchange(port, TARGETS[0]);
            done++;
            long budgetEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BUDGET_MS);
            // In bursts, as real clients arrive: a burst's connections reach every loop of the
            // plane at once (one at a time, they would all land while the previous one is idle), and
            // the exchanges overlap, so the budget buys several times as many.
            while (done < connections && System.nanoTime() < budgetEnd) {
                done += burst(port, Math.min(BURST, connections - done), done);
            }
        } catch (IOException e) {
            LOG.atWarn().log(() -> "warm-up stopped early: " + e.getMessage());
        } finally {
            close.run();
        }
        long sent = System.nanoTime();
        awaitCompiler();
        int exchanged = done;
        LOG.atDebug().log(() -> "warmed the client port up with " + exchanged + " connections in "
                + (sent - start) / 1_000_000 + " ms, then waited " + (System.nanoTime() - sent) / 1_000_000
                + " ms for the JIT to finish compiling");
    }

    /**
     * Waits (at most {@value #COMPILER_WAIT_MS} ms) until the JIT compilers stop working: right
     * after the warm-up they are still compiling what it made hot, and on a small machine their
     * threads would take the cores from the event loop during the first real burst.
     */
    private static void awaitCompiler() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(COMPILER_WAIT_MS);
        long before = jit.getTotalCompilationTime();
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(QUIET_MS));
            long now = jit.getTotalCompilationTime();
            if (now == before) {
                return;
            }
            before = now;
        }
    }

    private static Future<HttpServer> listen(Vertx vertx, BalancerConfig config) {
        Timeline timeline = new Timeline(0);
        BalancerMetrics metrics = new BalancerMetrics(() -> 0, () -> 0);
        Responder responder = new Responder(config, timeline, metrics, () -> Topology.SYNC);
        Dispatcher dispatcher = new Dispatcher(vertx, config, Topology.SYNC, responder, metrics);
        return ClientEdge.server(vertx, config, dispatcher, responder, metrics).listen();
    }

    /** The netty data plane's throwaway copy: its own loops, dispatcher, timeline and meters, no worker. */
    private static NettyPlane nettyPlane(Vertx vertx, BalancerConfig config) {
        Timeline timeline = new Timeline(0);
        BalancerMetrics metrics = new BalancerMetrics(() -> 0, () -> 0);
        Responder responder = new Responder(config, timeline, metrics, () -> Topology.SYNC);
        Dispatcher dispatcher = new Dispatcher(vertx, config, Topology.SYNC, responder, metrics);
        NettyPlane plane = new NettyPlane(config, dispatcher, responder, metrics, null);
        dispatcher.forwarder(plane.forwarder);
        return plane;
    }

    /**
     * {@code count} requests on as many new connections, all sent before any answer is read;
     * returns {@code count}. The targets cycle from {@code first}.
     */
    private static int burst(int port, int count, int first) throws IOException {
        List<Socket> sockets = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                sockets.add(socket);
                send(socket, TARGETS[(first + i) % TARGETS.length]);
            }
            for (Socket socket : sockets) {
                readAnswer(socket);
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        return count;
    }

    /** One request on a new connection, read to the end of its answer. */
    private static void exchange(int port, String target) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            send(socket, target);
            readAnswer(socket);
        }
    }

    private static void send(Socket socket, String target) throws IOException {
        socket.setSoTimeout((int) CALL_TIMEOUT.toMillis());
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + target + " HTTP/1.1\r\nHost: warmup\r\n\r\n").getBytes(US_ASCII));
        out.flush();
    }

    /** Reads one answer to its end (its head, then Content-Length bytes). */
    private static void readAnswer(Socket socket) throws IOException {
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
