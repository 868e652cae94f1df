import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast a balancer whose queue is full answers a burst of new connections. It first fills the
 * workers and the queue with long requests on keep-alive connections, then, per round, opens
 * {@code --burst} new connections one after another as fast as it can, each sending one request
 * right after its connect, while a second thread reads the answers (a 503 when the queue is full)
 * and times each from the start of its connect. It also reads what the balancer saw (its timeline:
 * arrival and end of each request) and, on Linux, how long the balancer's event loop ran and
 * waited for a core during the round. Run by scripts/overflow-burst.sh.
 */
public final class OverflowBurst {

    private static final Pattern WAITING = Pattern.compile("\"waiting\"\\s*:\\s*(\\d+)");
    private static final Pattern LAST = Pattern.compile("\"last\"\\s*:\\s*(\\d+)");
    private static final Pattern TIMES = Pattern.compile("\"arrivalUs\"\\s*:\\s*(\\d+)[^}]*?\"endUs\"\\s*:\\s*(\\d+)");

    /** Warm-up bursts at least, JIT or not. */
    private static final int MIN_WARMUP = 10;
    /** Bursts in a row during which the JIT compilers used less than {@link #QUIET_COMPILER_NANOS}. */
    private static final int QUIET_BURSTS = 10;
    /** Compiler CPU per burst that counts as quiet: 2 ms, against 50-300 ms per burst while compiling. */
    private static final long QUIET_COMPILER_NANOS = 2_000_000;

    public static void main(String[] args) throws Exception {
        URI url = URI.create(option(args, "--url", "http://127.0.0.1:8080"));
        URI admin = URI.create(option(args, "--admin", "http://127.0.0.1:8081"));
        int fill = Integer.parseInt(option(args, "--fill", "14"));
        int burst = Integer.parseInt(option(args, "--burst", "200"));
        int rounds = Integer.parseInt(option(args, "--rounds", "5"));
        long pid = Long.parseLong(option(args, "--pid", "0"));
        // HAProxy has no admin API: with --stats (its stats page), the queue is read from its CSV.
        String stats = option(args, "--stats", "");
        int warmup = Integer.parseInt(option(args, "--warmup", "0"));
        InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort());

        List<SocketChannel> held = new ArrayList<>();
        for (int i = 0; i < fill; i++) {
            SocketChannel channel = SocketChannel.open(address);
            channel.write(request("/work?io=60000&tag=fill"));
            held.add(channel);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            int queue = Integer.parseInt(option(args, "--queue", "10"));
            if (stats.isEmpty()) {
                awaitQueue(http, admin, queue);
            } else {
                awaitStatsQueue(http, URI.create(stats), queue);
            }
            System.out.printf("filled: %d requests of io=60000 hold every worker slot and the queue%n", fill);
            System.out.println("round  503s/sent  client: p50 ms  p99 ms  max ms | balancer: arrivals spread ms,"
                    + " arrival->answer p99 ms | event loop: on a cpu ms, waiting for one ms");
            if (warmup > 0) {
                // A JVM compiles the accept-and-refuse path while the first thousands of connections
                // run through it: the first burst after start is shown as it is ("cold"); then bursts
                // until the proxy's JIT compilers were quiet for QUIET_BURSTS bursts in a row (at most
                // --warmup in all), summed up in one line; then the measured rounds. A proxy without a
                // JIT (HAProxy) is quiet from the start and gets the minimum.
                round("cold", address, burst, http, admin, stats, pid);
                double low = Double.MAX_VALUE;
                double high = 0;
                int sent = 1;
                int quiet = 0;
                while (sent < warmup && (sent < MIN_WARMUP || quiet < QUIET_BURSTS)) {
                    long compiling = compilerNanos(pid);
                    double p99 = burst(address, burst).percentile(99);
                    quiet = compilerNanos(pid) - compiling < QUIET_COMPILER_NANOS ? quiet + 1 : 0;
                    low = Math.min(low, p99);
                    high = Math.max(high, p99);
                    sent++;
                }
                if (sent > 1) {
                    String jit = compilerNanos(pid) == 0 ? "no JIT compiler threads"
                            : quiet >= QUIET_BURSTS ? "the last " + QUIET_BURSTS + " with the JIT compilers quiet"
                            : "the JIT compilers still busy at the limit (--warmup " + warmup + ")";
                    System.out.printf("warm-up: %d more bursts of %d, %s; client p99 %.1f to %.1f ms%n", sent - 1,
                            burst, jit, low, high);
                }
            }
            for (int round = 1; round <= rounds; round++) {
                round(Integer.toString(round), address, burst, http, admin, stats, pid);
            }
        }
        for (SocketChannel channel : held) {
            channel.close();
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static String get(HttpClient http, URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Waits until the balancer's admin API shows {@code queued} requests waiting. */
    private static void awaitQueue(HttpClient http, URI admin, int queued) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            Matcher m = WAITING.matcher(get(http, admin.resolve("/admin/workers")));
            if (m.find() && Integer.parseInt(m.group(1)) >= queued) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IOException("the balancer's queue never reached " + queued + " waiting requests");
    }

    /** Waits until HAProxy's stats CSV shows {@code queued} requests in the backend's queue (qcur). */
    private static void awaitStatsQueue(HttpClient http, URI stats, int queued) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : get(http, stats).split("\n")) {
                String[] fields = line.split(",");
                if (fields.length > 2 && fields[1].equals("BACKEND") && !fields[2].isEmpty()
                        && Integer.parseInt(fields[2]) >= queued) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new IOException("HAProxy's backend queue never reached " + queued + " waiting requests");
    }

    /** One reported burst: the client's latencies, what the balancer saw, and its loops' CPU. */
    private static void round(String label, InetSocketAddress address, int burst, HttpClient http, URI admin,
                              String stats, long pid) throws Exception {
        long lastSeq = stats.isEmpty() ? lastSeq(http, admin) : 0;
        long[] before = loopTimes(pid);
        Result r = burst(address, burst);
        long[] after = loopTimes(pid);
        String server = stats.isEmpty() ? serverSide(http, admin, lastSeq) : String.format("%27s", "-");
        System.out.printf("%5s  %4d/%-4d  %13.1f  %6.1f  %6.1f | %s | %6.1f  %6.1f%n", label, r.count503, burst,
                r.percentile(50), r.percentile(99), r.percentile(100), server,
                (after[0] - before[0]) / 1e6, (after[1] - before[1]) / 1e6);
    }

    private static long lastSeq(HttpClient http, URI admin) throws IOException, InterruptedException {
        Matcher m = LAST.matcher(get(http, admin.resolve("/admin/timeline?limit=1")));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** From the balancer's timeline: how spread its arrivals were, and its p99 from arrival to answer. */
    private static String serverSide(HttpClient http, URI admin, long afterSeq) throws IOException, InterruptedException {
        Matcher m = TIMES.matcher(get(http, admin.resolve("/admin/timeline?after=" + afterSeq)));
        List<long[]> times = new ArrayList<>();
        while (m.find()) {
            times.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        if (times.isEmpty()) {
            return String.format("%27s", "no timeline");
        }
        long first = times.stream().mapToLong(t -> t[0]).min().orElseThrow();
        long last = times.stream().mapToLong(t -> t[0]).max().orElseThrow();
        double[] inside = times.stream().mapToDouble(t -> (t[1] - t[0]) / 1e3).sorted().toArray();
        return String.format("%11.1f, %13.2f", (last - first) / 1e3, percentile(inside, 99));
    }

    /**
     * Time the balancer's event-loop threads spent on a cpu and waiting for one, in ns, from
     * Linux's /proc/PID/task/TID/schedstat; zeros when there is no such process.
     */
    private static long[] loopTimes(long pid) throws IOException {
        // The Vert.x plane's loop, or the netty plane's (balancer-loop-N-M, cut to 15 characters).
        return threadTimes(pid, name -> name.startsWith("vert.x-eventloo") || name.startsWith("balancer-loop")
                || name.equals("haproxy"));
    }

    /** CPU time of the process's JIT compiler threads ("C1/C2 CompilerThre"), in ns; 0 without one. */
    private static long compilerNanos(long pid) throws IOException {
        return threadTimes(pid, name -> name.contains("CompilerThre"))[0];
    }

    /** On a cpu and waiting for one, in ns, summed over the threads of {@code pid} whose name matches. */
    private static long[] threadTimes(long pid, Predicate<String> name) throws IOException {
        long[] times = new long[2];
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (pid <= 0 || !Files.isDirectory(tasks)) {
            return times;
        }
        try (var dirs = Files.list(tasks)) {
            for (Path task : dirs.toList()) {
                try {
                    if (name.test(Files.readString(task.resolve("comm")).strip())) {
                        String[] fields = Files.readString(task.resolve("schedstat")).strip().split(" ");
                        times[0] += Long.parseLong(fields[0]);
                        times[1] += Long.parseLong(fields[1]);
                    }
                } catch (IOException gone) {
                    // A thread that ended meanwhile (the JVM retires idle compiler threads).
                }
            }
        }
        return times;
    }

    private static ByteBuffer request(String target) {
        return ByteBuffer.wrap(("GET " + target + " HTTP/1.1\r\nHost: lab\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** One connection of a burst. */
    private static final class Conn {
        final SocketChannel channel;
        final long startNanos;
        final StringBuilder in = new StringBuilder();
        long doneNanos;
        int status;

        Conn(SocketChannel channel, long startNanos) {
            this.channel = channel;
            this.startNanos = startNanos;
        }
    }

    private record Result(double[] sortedMs, int count503) {

        double percentile(int p) {
            return OverflowBurst.percentile(sortedMs, p);
        }
    }

    /** Nearest rank. */
    static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static Result burst(InetSocketAddress address, int count) throws Exception {
        List<Conn> conns = new ArrayList<>();
        ConcurrentLinkedQueue<Conn> fresh = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(count);
        try (Selector selector = Selector.open()) {
            Thread reader = Thread.ofPlatform().name("reader").start(() -> read(selector, fresh, done));
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                SocketChannel channel = SocketChannel.open(address);
                channel.write(request("/work?io=0&tag=burst"));
                channel.configureBlocking(false);
                Conn conn = new Conn(channel, start);
                conns.add(conn);
                fresh.add(conn);
                selector.wakeup();
            }
            if (!done.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IOException(done.getCount() + " answers still missing after 30 s");
            }
            reader.interrupt();
            reader.join();
        }
        double[] ms = conns.stream().mapToDouble(c -> (c.doneNanos - c.startNanos) / 1e6).sorted().toArray();
        return new Result(ms, (int) conns.stream().filter(c -> c.status == 503).count());
    }

    private static void read(Selector selector, ConcurrentLinkedQueue<Conn> fresh, CountDownLatch done) {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        try {
            while (done.getCount() > 0 && !Thread.currentThread().isInterrupted()) {
                for (Conn conn = fresh.poll(); conn != null; conn = fresh.poll()) {
                    conn.channel.register(selector, SelectionKey.OP_READ, conn);
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Conn conn = (Conn) key.attachment();
                    buffer.clear();
                    int n = conn.channel.read(buffer);
                    if (n > 0) {
                        conn.in.append(new String(buffer.array(), 0, n, StandardCharsets.ISO_8859_1));
                    }
                    if (n < 0 || complete(conn.in)) {
                        conn.doneNanos = System.nanoTime();
                        conn.status = conn.in.length() >= 12 ? Integer.parseInt(conn.in.substring(9, 12)) : 0;
                        key.cancel();
                        conn.channel.close();
                        done.countDown();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean complete(StringBuilder in) {
        int end = in.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = in.substring(0, end).toLowerCase();
        int at = head.indexOf("content-length:");
        if (at < 0) {
            return true;
        }
        int lineEnd = head.indexOf("\r\n", at);
        int length = Integer.parseInt(head.substring(at + 15, lineEnd < 0 ? head.length() : lineEnd).trim());
        return in.length() >= end + 4 + length;
    }
}
