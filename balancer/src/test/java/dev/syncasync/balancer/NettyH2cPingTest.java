package dev.syncasync.balancer;

import static dev.syncasync.balancer.BalancerRig.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.server.WorkerInfo;
import dev.syncasync.server.WorkerServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A dead h2c connection is noticed: between the balancer and an async worker sits a relay that
 * can be cut without closing anything (as a network partition or a vanished host looks: no FIN,
 * no reset). The balancer's PING after {@code health-interval-ms} of silence goes unanswered,
 * and the connection is closed within the interval, the PING timeout and one more interval.
 */
class NettyH2cPingTest {

    private static final int INTERVAL_MS = 200;
    private static final int TIMEOUT_MS = 150;
    /** How late timers may fire on a busy 2-core machine shared with other builds. */
    private static final int LATE_MS = 3_000;

    @Test
    void an_h2c_connection_that_goes_silent_is_closed_after_an_unanswered_ping() throws Exception {
        BalancerConfig config = BalancerConfig.defaults().withDataPlane("netty").with(b -> {
            b.healthIntervalMs = INTERVAL_MS;
            b.healthTimeoutMs = TIMEOUT_MS;
        });
        try (BalancerRig rig = BalancerRig.start(config, Topology.ASYNC)) {
            // A real async worker, reached only through the relay.
            int workerPort = WorkerInfo.of(rig.async("async-1")).port();
            rig.balancer().removeWorker("async-1");
            try (Relay relay = new Relay(workerPort)) {
                rig.balancer().addWorker(new WorkerInfo("relayed", Topology.ASYNC, "127.0.0.1", relay.port(),
                        WorkerServer.UNLIMITED));
                // Until a request has gone over h2c through the relay.
                eventually().until(() -> {
                    rig.client().get(rig.url("/work?io=0"));
                    return relay.h2c() != null;
                });
                Relay.Link h2c = relay.h2c();
                // Idle but alive: PINGs are answered, the connection stays.
                eventually().during(Duration.ofMillis(3 * INTERVAL_MS)).atMost(Duration.ofSeconds(10))
                        .until(() -> !h2c.closedByBalancer);

                // Cut right after the worker's next bytes on it (a PING's answer) reach the balancer:
                // no PING of the balancer's is then in flight, so the close must wait for the next
                // one, sent after the cut, and its timeout. (Cut at an arbitrary moment, a PING sent
                // just before it could time out a little under TIMEOUT_MS after the cut.)
                relay.cutAfterWorkerBytes = true;
                eventually().atMost(Duration.ofSeconds(10)).until(() -> relay.cut);

                eventually().atMost(Duration.ofMillis(2L * INTERVAL_MS + TIMEOUT_MS + LATE_MS))
                        .until(() -> h2c.closedByBalancer);
                double ms = (h2c.closedAtNanos - relay.cutNanos) / 1e6;
                // Never before one silent interval and an unanswered PING.
                assertThat(ms).isGreaterThanOrEqualTo(TIMEOUT_MS);
            }
        }
    }

    /** A TCP relay to a worker that can be cut: from then on it forwards nothing and closes nothing. */
    private static final class Relay implements AutoCloseable {

        private static final byte[] PREFACE = "PRI * HTTP/2.0".getBytes(StandardCharsets.US_ASCII);

        private final ServerSocket server;
        private final int target;
        private final List<Link> links = new CopyOnWriteArrayList<>();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        volatile boolean cut;
        /** Cut once bytes from the worker on the h2c link have been passed on. */
        volatile boolean cutAfterWorkerBytes;
        volatile long cutNanos;

        Relay(int target) throws IOException {
            this.target = target;
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().name("relay").start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        /** The link that carries h2c (it opened with the client preface), or null before it. */
        Link h2c() {
            return links.stream().filter(l -> l.h2c).findFirst().orElse(null);
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket from = server.accept();
                    Socket to = new Socket(InetAddress.getLoopbackAddress(), target);
                    sockets.add(from);
                    sockets.add(to);
                    Link link = new Link();
                    links.add(link);
                    Thread.ofVirtual().start(() -> pump(from, to, link, true));
                    Thread.ofVirtual().start(() -> pump(to, from, link, false));
                } catch (IOException e) {
                    // Closed by close().
                }
            }
        }

        /** Copies {@code in} to {@code out} until cut (then reads and drops), noting a close by the balancer. */
        private void pump(Socket in, Socket out, Link link, boolean fromBalancer) {
            byte[] buffer = new byte[16 * 1024];
            boolean first = true;
            try {
                InputStream input = in.getInputStream();
                OutputStream output = out.getOutputStream();
                for (int n = input.read(buffer); n >= 0; n = input.read(buffer)) {
                    if (first && fromBalancer && startsWith(buffer, n)) {
                        link.h2c = true;
                    }
                    first = false;
                    if (!cut) {
                        output.write(buffer, 0, n);
                        if (!fromBalancer && link.h2c && cutAfterWorkerBytes) {
                            cutNanos = System.nanoTime();
                            cut = true;
                        }
                    }
                }
                if (fromBalancer) {
                    link.closedAtNanos = System.nanoTime();
                    link.closedByBalancer = true;
                }
            } catch (IOException e) {
                // The other side went away.
            }
        }

        private static boolean startsWith(byte[] buffer, int n) {
            if (n < PREFACE.length) {
                return false;
            }
            for (int i = 0; i < PREFACE.length; i++) {
                if (buffer[i] != PREFACE[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }

        /** One relayed connection. */
        static final class Link {
            volatile boolean h2c;
            volatile boolean closedByBalancer;
            volatile long closedAtNanos;
        }
    }
}
