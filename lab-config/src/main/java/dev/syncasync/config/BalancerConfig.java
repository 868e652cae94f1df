package dev.syncasync.config;

/**
 * The {@code balancer:} section: where it listens, how it queues and how it picks workers.
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
        int healthFailures) {

    /** The defaults in code, the same ones a file without a {@code balancer:} section gets. */
    public static BalancerConfig defaults() {
        return new BalancerConfig("127.0.0.1", 8080, "127.0.0.1", 8081, Policy.LEAST_IN_FLIGHT,
                10_000, 60_000, 1, 0, 512, 1_000, 10_000, "", "", 1_000, 800, 2);
    }

    static BalancerConfig read(Section s) {
        BalancerConfig d = defaults();
        BalancerConfig c = new BalancerConfig(
                s.string("host", d.host),
                s.integer("port", d.port, 0, 65_535),
                s.string("admin-host", d.adminHost),
                s.integer("admin-port", d.adminPort, 0, 65_535),
                s.choice("policy", d.policy, Policy.BY_NAME),
                s.integer("max-queue", d.maxQueue, 0, 10_000_000),
                s.integer("queue-timeout-ms", d.queueTimeoutMs, 1, 3_600_000),
                s.integer("retry-after-s", d.retryAfterSeconds, 0, 3_600),
                s.integer("in-flight-limit", d.inFlightLimit, 0, 1_000_000),
                s.integer("max-connections-per-worker", d.maxConnectionsPerWorker, 1, 100_000),
                s.integer("connect-timeout-ms", d.connectTimeoutMs, 1, 600_000),
                s.integer("timeline-size", d.timelineSize, 0, 10_000_000),
                s.string("timeline-file", d.timelineFile),
                s.string("admin-token", d.adminToken),
                s.integer("health-interval-ms", d.healthIntervalMs, 100, 60_000),
                s.integer("health-timeout-ms", d.healthTimeoutMs, 50, 60_000),
                s.integer("health-failures", d.healthFailures, 1, 100));
        if (c.port != 0 && c.port == c.adminPort && c.host.equals(c.adminHost)) {
            throw s.error("admin-port", "must differ from balancer.port (" + c.port + ")");
        }
        return c;
    }

    /** A copy listening on any free ports, for tests and embedded use. */
    public BalancerConfig withEphemeralPorts() {
        return new BalancerConfig(host, 0, adminHost, 0, policy, maxQueue, queueTimeoutMs,
                retryAfterSeconds, inFlightLimit, maxConnectionsPerWorker, connectTimeoutMs,
                timelineSize, timelineFile, adminToken, healthIntervalMs, healthTimeoutMs, healthFailures);
    }

    /** A copy with other queue bounds. */
    public BalancerConfig withQueue(int newMaxQueue, int newQueueTimeoutMs) {
        return new BalancerConfig(host, port, adminHost, adminPort, policy, newMaxQueue,
                newQueueTimeoutMs, retryAfterSeconds, inFlightLimit, maxConnectionsPerWorker,
                connectTimeoutMs, timelineSize, timelineFile, adminToken, healthIntervalMs, healthTimeoutMs,
                healthFailures);
    }

    /** A copy that also appends the timeline to {@code file} as JSONL. */
    public BalancerConfig withTimelineFile(String file) {
        return new BalancerConfig(host, port, adminHost, adminPort, policy, maxQueue, queueTimeoutMs,
                retryAfterSeconds, inFlightLimit, maxConnectionsPerWorker, connectTimeoutMs, timelineSize, file,
                adminToken, healthIntervalMs, healthTimeoutMs, healthFailures);
    }

    /** A copy that keeps the last {@code size} requests in the timeline ring. */
    public BalancerConfig withTimelineSize(int size) {
        return new BalancerConfig(host, port, adminHost, adminPort, policy, maxQueue, queueTimeoutMs,
                retryAfterSeconds, inFlightLimit, maxConnectionsPerWorker, connectTimeoutMs, size, timelineFile,
                adminToken, healthIntervalMs, healthTimeoutMs, healthFailures);
    }

    /** A copy with another admin token. */
    public BalancerConfig withAdminToken(String token) {
        return new BalancerConfig(host, port, adminHost, adminPort, policy, maxQueue, queueTimeoutMs,
                retryAfterSeconds, inFlightLimit, maxConnectionsPerWorker, connectTimeoutMs, timelineSize,
                timelineFile, token, healthIntervalMs, healthTimeoutMs, healthFailures);
    }

    /** A copy with other health-check timings. */
    public BalancerConfig withHealthChecks(int intervalMs, int timeoutMs, int failures) {
        return new BalancerConfig(host, port, adminHost, adminPort, policy, maxQueue, queueTimeoutMs,
                retryAfterSeconds, inFlightLimit, maxConnectionsPerWorker, connectTimeoutMs, timelineSize,
                timelineFile, adminToken, intervalMs, timeoutMs, failures);
    }

    /** A copy with another selection policy. */
    public BalancerConfig withPolicy(Policy newPolicy) {
        return new BalancerConfig(host, port, adminHost, adminPort, newPolicy, maxQueue,
                queueTimeoutMs, retryAfterSeconds, inFlightLimit, maxConnectionsPerWorker,
                connectTimeoutMs, timelineSize, timelineFile, adminToken, healthIntervalMs, healthTimeoutMs,
                healthFailures);
    }
}
