import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.TreeMap;

/**
 * One burst of N simultaneous requests, each on its own connection (one NIO selector thread):
 * {@code java scripts/perf13/Burst.java HOST PORT N PATH [TIMEOUT_S]}. Prints the makespan,
 * latency percentiles, statuses, errors and the completion times in 100 ms buckets (waves).
 */
public final class Burst {

    static final class Conn {
        final int index;
        final SocketChannel ch;
        final ByteBuffer out;
        final ByteBuffer in = ByteBuffer.allocate(4096);
        long startNanos;
        long endNanos;
        int status;
        long requestId = -1;
        long gateSeq = -1;
        long dispatchSeq = -1;
        double queueMs = -1;
        String error;
        boolean done;

        Conn(int index, SocketChannel ch, ByteBuffer out) {
            this.index = index;
            this.ch = ch;
            this.out = out;
        }
    }

    public static void main(String[] args) throws IOException {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        String path = args[3];
        long timeoutNanos = (args.length > 4 ? Long.parseLong(args[4]) : 30) * 1_000_000_000L;
        int warmup = Integer.parseInt(System.getenv().getOrDefault("BURST_WARMUP", "0"));
        if (warmup > 0) {
            // JIT this generator first (GET /health, answered by the balancer itself), so that
            // the measured burst is not slowed by interpreting its own loop.
            for (int round = 0; round < 3; round++) {
                burst(host, port, warmup, "/health", timeoutNanos, true);
            }
        }
        burst(host, port, n, path, timeoutNanos, false);
    }

    static void burst(String host, int port, int n, String path, long timeoutNanos, boolean quiet) throws IOException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Selector selector = Selector.open();
        Conn[] conns = new Conn[n];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Conn c = new Conn(i, ch, ByteBuffer.wrap(request));
            conns[i] = c;
            c.startNanos = System.nanoTime();
            if (ch.connect(new InetSocketAddress(host, port))) {
                ch.register(selector, SelectionKey.OP_WRITE, c);
            } else {
                ch.register(selector, SelectionKey.OP_CONNECT, c);
            }
        }
        long launched = System.nanoTime();
        int remaining = n;
        while (remaining > 0 && System.nanoTime() - t0 < timeoutNanos) {
            selector.select(100);
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey k = it.next();
                it.remove();
                Conn c = (Conn) k.attachment();
                try {
                    if (k.isConnectable()) {
                        c.ch.finishConnect();
                        k.interestOps(SelectionKey.OP_WRITE);
                    } else if (k.isWritable()) {
                        c.ch.write(c.out);
                        if (!c.out.hasRemaining()) {
                            k.interestOps(SelectionKey.OP_READ);
                        }
                    } else if (k.isReadable()) {
                        int r = c.ch.read(c.in);
                        if (r < 0) {
                            finish(c, k, "closed before a full response");
                            remaining--;
                        } else if (complete(c)) {
                            finish(c, k, null);
                            remaining--;
                        }
                    }
                } catch (IOException e) {
                    finish(c, k, e.getClass().getSimpleName() + ": " + e.getMessage());
                    remaining--;
                }
            }
        }
        selector.close();
        if (quiet) {
            return;
        }
        report(conns, t0, launched, n);
        if (System.getenv("BURST_DUMP") != null) {
            fifo(conns, t0);
        }
    }

    /**
     * FIFO check from the prototype's debug headers (-Dfast.fifoHeaders=true): sorted by the
     * order of entering the gate, the order of getting a worker slot must be the same; and how
     * often the gate order differs from the order the loops parsed the requests (x-request-id).
     */
    static void fifo(Conn[] conns, long t0) {
        java.util.List<Conn> ok = new java.util.ArrayList<>();
        for (Conn c : conns) {
            if (c.done && c.error == null && c.gateSeq >= 0) {
                ok.add(c);
            }
        }
        ok.sort(java.util.Comparator.comparingLong(c -> c.gateSeq));
        int outOfOrder = 0;
        int parseVsGate = 0;
        for (int i = 1; i < ok.size(); i++) {
            if (ok.get(i).dispatchSeq < ok.get(i - 1).dispatchSeq) {
                outOfOrder++;
            }
            if (ok.get(i).requestId < ok.get(i - 1).requestId) {
                parseVsGate++;
            }
        }
        System.out.printf("FIFO: %d requests; dispatched out of gate order: %d; adjacent pairs whose gate order"
                + " differs from parse order (two loops racing to the lock): %d%n", ok.size(), outOfOrder, parseVsGate);
    }

    /** Whether the buffer holds a full response (status line, headers, Content-Length body). */
    static boolean complete(Conn c) {
        byte[] a = c.in.array();
        int len = c.in.position();
        String text = new String(a, 0, len, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        c.status = Integer.parseInt(text.substring(9, 12));
        int cl = 0;
        for (String line : text.substring(0, end).split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                cl = Integer.parseInt(line.substring(15).trim());
            } else if (line.regionMatches(true, 0, "x-request-id:", 0, 13)) {
                c.requestId = Long.parseLong(line.substring(13).trim());
            } else if (line.regionMatches(true, 0, "x-gate-seq:", 0, 11)) {
                c.gateSeq = Long.parseLong(line.substring(11).trim());
            } else if (line.regionMatches(true, 0, "x-dispatch-seq:", 0, 15)) {
                c.dispatchSeq = Long.parseLong(line.substring(15).trim());
            } else if (line.regionMatches(true, 0, "x-queue-ms:", 0, 11)) {
                c.queueMs = Double.parseDouble(line.substring(11).trim());
            }
        }
        return len >= end + 4 + cl;
    }

    static void finish(Conn c, SelectionKey k, String error) {
        c.endNanos = System.nanoTime();
        c.error = error;
        c.done = true;
        k.cancel();
        try {
            c.ch.close();
        } catch (IOException ignored) {
            // closing a socket we are done with
        }
    }

    static void report(Conn[] conns, long t0, long launched, int n) {
        int ok = 0;
        int errors = 0;
        int unfinished = 0;
        TreeMap<Integer, Integer> statuses = new TreeMap<>();
        TreeMap<String, Integer> errorKinds = new TreeMap<>();
        TreeMap<Long, Integer> waves = new TreeMap<>();
        double[] lat = new double[n];
        int m = 0;
        long last = t0;
        for (Conn c : conns) {
            if (!c.done) {
                unfinished++;
                continue;
            }
            if (c.error != null) {
                errors++;
                errorKinds.merge(c.error.length() > 60 ? c.error.substring(0, 60) : c.error, 1, Integer::sum);
                continue;
            }
            statuses.merge(c.status, 1, Integer::sum);
            if (c.status == 200) {
                ok++;
            }
            lat[m++] = (c.endNanos - c.startNanos) / 1e6;
            last = Math.max(last, c.endNanos);
            waves.merge((c.endNanos - t0) / 100_000_000L, 1, Integer::sum);
        }
        Arrays.sort(lat, 0, m);
        System.out.printf("requests %d: ok %d, errors %d, unfinished %d, statuses %s%n", n, ok, errors, unfinished,
                statuses);
        if (!errorKinds.isEmpty()) {
            System.out.println("errors: " + errorKinds);
        }
        System.out.printf("all connects issued in %.0f ms; makespan %.0f ms%n", (launched - t0) / 1e6,
                (last - t0) / 1e6);
        if (m > 0) {
            System.out.printf("latency ms: min %.0f p50 %.0f p99 %.0f max %.0f%n", lat[0], lat[m / 2],
                    lat[(int) (m * 0.99)], lat[m - 1]);
        }
        StringBuilder w = new StringBuilder("completions per 100 ms from the start: ");
        waves.forEach((bucket, count) -> w.append(bucket * 100).append("ms:").append(count).append(' '));
        System.out.println(w);
    }
}
