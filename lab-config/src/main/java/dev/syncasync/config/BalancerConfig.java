package dev.syncasync.config;

import java.util.function.Consumer;

/**
 * The {@code balancer:} section: where it listens, how it queues, how it picks workers, and the
 * limits and timeouts that protect it from its clients and from its workers.
 *
 * @param host                    client address to bind
 * @param port                    client port (0 = any free port)
 * @param adminHost               admin address to bind; keep it internal
 * @param adminPort               admin and metrics port (0 = any free port)
 * @param policy                  how a worker with a free slot is chosen
 * @param maxQueue                requests that may wait at once; the next one gets 503
 * @param queueTimeoutMs          longest wait in the queue before 503
 * @param retryAfterSeconds       the {@code Retry-After} value sent with a 503
 * @param inFlightLimit           per-worker limit; 0 = the worker's capacity
 * @param maxConnectionsPerWorker keep-alive pool size per worker, and the cap of "unlimited"
 * @param connectTimeoutMs        connect timeout towards a worker
 * @param timelineSize            requests kept in the in-memory timeline ring
 * @param timelineFile            JSONL file the timeline is also appended to; empty = none
 * @param adminToken              token for mutating admin calls; empty = a random one per start
 * @param healthIntervalMs        how often each worker's {@code /health} is checked
 * @param healthTimeoutMs         a check slower than this failed
 * @param healthFailures          failed checks in a row that eject a worker
 * @param maxClientConnections    client connections open at once; a new one past it gets a 503 and is closed
 * @param clientHeaderTimeoutMs   a request's line and headers must arrive within this time of its first
 *                                byte (of the connection's opening, for its first request), and a body
 *                                may not pause longer; else 408 and the connection is closed
 * @param clientIdleTimeoutMs     a keep-alive client connection with no request in progress is closed
 *                                after this long
 * @param maxHeaderCount          request header fields accepted; more is a 431
 * @param maxHeaderBytes          size of all request header fields together; more is a 431
 * @param maxRequestLineBytes     length of the request line; more is a 414
 * @param responseTimeoutMs       how long a worker may take beyond the {@code io + cpu} a request asks
 *                                for; past it a GET is retried once on another worker, anything else
 *                                gets a 504
 * @param ejectAfterFailures      requests in a row that fail at one worker (connect timeout, reset,
 *                                response timeout) before it is ejected; a refused connection ejects at once
 * @param maxEjectedPercent       share of a pool that failures may eject at once; at least one worker
 *                                of a pool always stays, unless it refuses connections
 * @param drainTimeoutMs          on SIGTERM, how long waiting and in-flight requests may take to finish
 * @param warmupConnections       at start, requests (as many as fit in one second) on fresh connections the balancer sends a throwaway
 *                                copy of its client port, so the JIT has compiled that code before the
 *                                first real burst; 0 = none
 * @param dataPlane               what carries the requests: {@code netty} (the default: Netty directly,
 *                                {@code event-loops} loops, one FIFO gate, responses streamed, h2c to the
 *                                async workers) or {@code vertx} (Vert.x's HTTP server and client on one loop)
 * @param eventLoops              event loops of the {@code netty} data plane; 0 = one per CPU
 * @param transport               {@code auto} (native epoll on Linux, else NIO) or {@code nio}
 * @param syncUpstream            protocol towards the sync workers: {@code http1} (Undertow, one request
 *                                per connection at a time; the only choice)
 * @param asyncUpstream           protocol towards the async workers: {@code h2c} (HTTP/2 cleartext with
 *                                prior knowledge: every request a stream on a few connections) or {@code http1}
 * @param virtualUpstream         protocol towards the virtual-thread workers: {@code h2c} (the sync
 *                                worker's Undertow serves it with prior knowledge) or {@code http1}
 */
public record BalancerConfig(
        String host,
        int port,
        String adminHost,
        int adminPort,
        Policy policy,
        int maxQueue,
        int queueTimeoutMs,
        int retryAfterSeconds,
        int inFlightLimit,
        int maxConnectionsPerWorker,
        int connectTimeoutMs,
        int timelineSize,
        String timelineFile,
        String adminToken,
        int healthIntervalMs,
        int healthTimeoutMs,
        int healthFailures,
        int maxClientConnections,
        int clientHeaderTimeoutMs,
        int clientIdleTimeoutMs,
        int maxHeaderCount,
        int maxHeaderBytes,
        int maxRequestLineBytes,
        int responseTimeoutMs,
        int ejectAfterFailures,
        int maxEjectedPercent,
        int drainTimeoutMs,
        int warmupConnections,
        String dataPlane,
        int eventLoops,
        String transport,
        String syncUpstream,
        String asyncUpstream,
        String virtualUpstream) {

    /** The data planes {@code balancer.data-plane} accepts. */
    public static final java.util.List<String> DATA_PLANES = java.util.List.of("vertx", "netty");
    /** The upstream protocols: {@code http1} and {@code h2c}. */
    public static final String HTTP1 = "http1";
    public static final String H2C = "h2c";

    /**
     * Most header fields a forwarded request may carry: the sync worker (Undertow) refuses more
     * than 200, and the balancer adds {@code X-Forwarded-For}, {@code X-Request-Id} and {@code Host}.
     */
    public static final int MAX_HEADER_COUNT_LIMIT = 190;
    /** Largest header block the balancer may accept: the async worker accepts 64 KiB, minus room for what the balancer adds. */
    public static final int MAX_HEADER_BYTES_LIMIT = 60 * 1024;
    /** Longest request line the balancer may accept: the async worker accepts 64 KiB. */
    public static final int MAX_REQUEST_LINE_LIMIT = 60 * 1024;

    /** The defaults in code, the same ones a file without a {@code balancer:} section gets. */
    public static BalancerConfig defaults() {
        return new BalancerConfig("127.0.0.1", 8080, "127.0.0.1", 8081, Policy.LEAST_IN_FLIGHT,
                10_000, 60_000, 1, 0, 512, 1_000, 10_000, "", "", 1_000, 800, 2,
                10_000, 10_000, 75_000, 100, 8_192, 4_096, 10_000, 5, 50, 30_000, 1_000,
                defaultDataPlane(), 0, "auto", HTTP1, H2C, H2C);
    }

    /**
     * {@code netty} unless the environment variable {@code LAB_BALANCER_DATA_PLANE} (or the system
     * property {@code lab.balancer.data-plane}) says otherwise: that runs every test and server of
     * a build on the other data plane.
     */
    private static String defaultDataPlane() {
        String chosen = System.getProperty("lab.balancer.data-plane", System.getenv("LAB_BALANCER_DATA_PLANE"));
        return chosen != null && DATA_PLANES.contains(chosen.strip()) ? chosen.strip() : "netty";
    }

    private static java.util.Map<String, String> choices(String... values) {
        java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
        for (String v : values) {
            map.put(v, v);
        }
        return map;
    }

    static BalancerConfig read(Section s) {
        Builder b = defaults().toBuilder();
        b.host = s.string("host", b.host);
        b.port = s.integer("port", b.port, 0, 65_535);
        b.adminHost = s.string("admin-host", b.adminHost);
        b.adminPort = s.integer("admin-port", b.adminPort, 0, 65_535);
        b.policy = s.choice("policy", b.policy, Policy.BY_NAME);
        b.maxQueue = s.integer("max-queue", b.maxQueue, 0, 10_000_000);
        b.queueTimeoutMs = s.integer("queue-timeout-ms", b.queueTimeoutMs, 1, 3_600_000);
        b.retryAfterSeconds = s.integer("retry-after-s", b.retryAfterSeconds, 0, 3_600);
        b.inFlightLimit = s.integer("in-flight-limit", b.inFlightLimit, 0, 1_000_000);
        b.maxConnectionsPerWorker = s.integer("max-connections-per-worker", b.maxConnectionsPerWorker, 1, 100_000);
        b.connectTimeoutMs = s.integer("connect-timeout-ms", b.connectTimeoutMs, 1, 600_000);
        b.timelineSize = s.integer("timeline-size", b.timelineSize, 0, 10_000_000);
        b.timelineFile = s.string("timeline-file", b.timelineFile);
        b.adminToken = s.string("admin-token", b.adminToken);
        b.healthIntervalMs = s.integer("health-interval-ms", b.healthIntervalMs, 100, 60_000);
        b.healthTimeoutMs = s.integer("health-timeout-ms", b.healthTimeoutMs, 50, 60_000);
        b.healthFailures = s.integer("health-failures", b.healthFailures, 1, 100);
        b.maxClientConnections = s.integer("max-client-connections", b.maxClientConnections, 1, 1_000_000);
        b.clientHeaderTimeoutMs = s.integer("client-header-timeout-ms", b.clientHeaderTimeoutMs, 100, 600_000);
        b.clientIdleTimeoutMs = s.integer("client-idle-timeout-ms", b.clientIdleTimeoutMs, 100, 3_600_000);
        b.maxHeaderCount = s.integer("max-header-count", b.maxHeaderCount, 1, MAX_HEADER_COUNT_LIMIT);
        b.maxHeaderBytes = s.integer("max-header-bytes", b.maxHeaderBytes, 1_024, MAX_HEADER_BYTES_LIMIT);
        b.maxRequestLineBytes = s.integer("max-request-line-bytes", b.maxRequestLineBytes, 256, MAX_REQUEST_LINE_LIMIT);
        b.responseTimeoutMs = s.integer("response-timeout-ms", b.responseTimeoutMs, 100, 3_600_000);
        b.ejectAfterFailures = s.integer("eject-after-failures", b.ejectAfterFailures, 1, 10_000);
        b.maxEjectedPercent = s.integer("max-ejected-percent", b.maxEjectedPercent, 0, 100);
        b.drainTimeoutMs = s.integer("drain-timeout-ms", b.drainTimeoutMs, 0, 3_600_000);
        b.warmupConnections = s.integer("warmup-connections", b.warmupConnections, 0, 1_000_000);
        b.dataPlane = s.choice("data-plane", b.dataPlane, choices("vertx", "netty"));
        b.eventLoops = s.integer("event-loops", b.eventLoops, 0, 256);
        b.transport = s.choice("transport", b.transport, choices("auto", "nio"));
        b.syncUpstream = s.choice("sync-upstream", b.syncUpstream, choices(HTTP1));
        b.asyncUpstream = s.choice("async-upstream", b.asyncUpstream, choices(H2C, HTTP1));
        b.virtualUpstream = s.choice("virtual-upstream", b.virtualUpstream, choices(H2C, HTTP1));
        BalancerConfig c = b.build();
        if (c.port != 0 && c.port == c.adminPort && c.host.equals(c.adminHost)) {
            throw s.error("admin-port", "must differ from balancer.port (" + c.port + ")");
        }
        return c;
    }

    /** A copy with the changes {@code change} makes to a builder holding this config's values. */
    public BalancerConfig with(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy listening on any free ports, for tests and embedded use. */
    public BalancerConfig withEphemeralPorts() {
        return with(b -> {
            b.port = 0;
            b.adminPort = 0;
        });
    }

    /** A copy with other queue bounds. */
    public BalancerConfig withQueue(int newMaxQueue, int newQueueTimeoutMs) {
        return with(b -> {
            b.maxQueue = newMaxQueue;
            b.queueTimeoutMs = newQueueTimeoutMs;
        });
    }

    /** A copy that also appends the timeline to {@code file} as JSONL. */
    public BalancerConfig withTimelineFile(String file) {
        return with(b -> b.timelineFile = file);
    }

    /** A copy that keeps the last {@code size} requests in the timeline ring. */
    public BalancerConfig withTimelineSize(int size) {
        return with(b -> b.timelineSize = size);
    }

    /** A copy with another admin token. */
    public BalancerConfig withAdminToken(String token) {
        return with(b -> b.adminToken = token);
    }

    /** A copy with other health-check timings. */
    public BalancerConfig withHealthChecks(int intervalMs, int timeoutMs, int failures) {
        return with(b -> {
            b.healthIntervalMs = intervalMs;
            b.healthTimeoutMs = timeoutMs;
            b.healthFailures = failures;
        });
    }

    /** A copy on another data plane ({@code vertx} or {@code netty}). */
    public BalancerConfig withDataPlane(String plane) {
        return with(b -> b.dataPlane = plane);
    }

    /** The event loops the {@code netty} data plane runs: {@code event-loops}, or one per CPU when 0. */
    public int effectiveEventLoops() {
        return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
    }

    /** The protocol the {@code netty} data plane speaks to the workers of {@code pool}. */
    public String upstream(Topology pool) {
        return switch (pool) {
            case SYNC -> syncUpstream;
            case ASYNC -> asyncUpstream;
            case VIRTUAL -> virtualUpstream;
        };
    }

    /** A copy with another selection policy. */
    public BalancerConfig withPolicy(Policy newPolicy) {
        return with(b -> b.policy = newPolicy);
    }

    /**
     * The one mutable form of a {@link BalancerConfig}: every field by name, so a copy that
     * changes one or two of them does not repeat the other thirty.
     */
    public static final class Builder {
        public String host;
        public int port;
        public String adminHost;
        public int adminPort;
        public Policy policy;
        public int maxQueue;
        public int queueTimeoutMs;
        public int retryAfterSeconds;
        public int inFlightLimit;
        public int maxConnectionsPerWorker;
        public int connectTimeoutMs;
        public int timelineSize;
        public String timelineFile;
        public String adminToken;
        public int healthIntervalMs;
        public int healthTimeoutMs;
        public int healthFailures;
        public int maxClientConnections;
        public int clientHeaderTimeoutMs;
        public int clientIdleTimeoutMs;
        public int maxHeaderCount;
        public int maxHeaderBytes;
        public int maxRequestLineBytes;
        public int responseTimeoutMs;
        public int ejectAfterFailures;
        public int maxEjectedPercent;
        public int drainTimeoutMs;
        public int warmupConnections;
        public String dataPlane;
        public int eventLoops;
        public String transport;
        public String syncUpstream;
        public String asyncUpstream;
        public String virtualUpstream;

        private Builder(BalancerConfig c) {
            host = c.host;
            port = c.port;
            adminHost = c.adminHost;
            adminPort = c.adminPort;
            policy = c.policy;
            maxQueue = c.maxQueue;
            queueTimeoutMs = c.queueTimeoutMs;
            retryAfterSeconds = c.retryAfterSeconds;
            inFlightLimit = c.inFlightLimit;
            maxConnectionsPerWorker = c.maxConnectionsPerWorker;
            connectTimeoutMs = c.connectTimeoutMs;
            timelineSize = c.timelineSize;
            timelineFile = c.timelineFile;
            adminToken = c.adminToken;
            healthIntervalMs = c.healthIntervalMs;
            healthTimeoutMs = c.healthTimeoutMs;
            healthFailures = c.healthFailures;
            maxClientConnections = c.maxClientConnections;
            clientHeaderTimeoutMs = c.clientHeaderTimeoutMs;
            clientIdleTimeoutMs = c.clientIdleTimeoutMs;
            maxHeaderCount = c.maxHeaderCount;
            maxHeaderBytes = c.maxHeaderBytes;
            maxRequestLineBytes = c.maxRequestLineBytes;
            responseTimeoutMs = c.responseTimeoutMs;
            ejectAfterFailures = c.ejectAfterFailures;
            maxEjectedPercent = c.maxEjectedPercent;
            drainTimeoutMs = c.drainTimeoutMs;
            warmupConnections = c.warmupConnections;
            dataPlane = c.dataPlane;
            eventLoops = c.eventLoops;
            transport = c.transport;
            syncUpstream = c.syncUpstream;
            asyncUpstream = c.asyncUpstream;
            virtualUpstream = c.virtualUpstream;
        }

        public BalancerConfig build() {
            return new BalancerConfig(host, port, adminHost, adminPort, policy, maxQueue, queueTimeoutMs,
                    retryAfterSeconds, inFlightLimit, maxConnectionsPerWorker, connectTimeoutMs, timelineSize,
                    timelineFile, adminToken, healthIntervalMs, healthTimeoutMs, healthFailures,
                    maxClientConnections, clientHeaderTimeoutMs, clientIdleTimeoutMs, maxHeaderCount,
                    maxHeaderBytes, maxRequestLineBytes, responseTimeoutMs, ejectAfterFailures, maxEjectedPercent,
                    drainTimeoutMs, warmupConnections, dataPlane, eventLoops, transport, syncUpstream,
                    asyncUpstream, virtualUpstream);
        }
    }
}
