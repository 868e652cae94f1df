package dev.syncasync.balancer;

import dev.syncasync.config.Topology;
import dev.syncasync.metrics.Prometheus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The balancer's meters: {@code lab_balancer_requests_total{status,topology}},
 * {@code lab_balancer_rejected_total{reason}}, {@code lab_balancer_in_flight},
 * {@code lab_balancer_queue_length}, {@code lab_balancer_worker_in_flight{worker}},
 * {@code lab_balancer_client_connections}, {@code lab_balancer_client_closed_total{reason}} and the
 * {@code lab_balancer_queue_wait_seconds} and {@code lab_balancer_request_duration_seconds} histograms
 * (Prometheus conventions: base units in the name, {@code _total} on counters). Thread-safe: every
 * data-plane loop records into it.
 */
final class BalancerMetrics {

    private final PrometheusMeterRegistry registry = Prometheus.registry();
    private final Timer queue;
    private final Timer latency;
    private final Map<String, Meter> workerGauges = new ConcurrentHashMap<>();
    /** Counters by status and topology, looked up once: building a meter per request is a registry search. */
    private final Map<Integer, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();
    private final Map<String, Counter> closures = new ConcurrentHashMap<>();

    BalancerMetrics(Supplier<Number> inFlight, Supplier<Number> queueLength) {
        Gauge.builder("lab.balancer.in.flight", inFlight).description("Requests at workers now").register(registry);
        Gauge.builder("lab.balancer.queue.length", queueLength).description("Requests waiting in the FIFO queue")
                .register(registry);
        queue = Prometheus.histogram("lab.balancer.queue.wait", "Time spent in the balancer's queue").register(registry);
        latency = Prometheus.histogram("lab.balancer.request.duration", "Arrival to last byte, as the client sees it")
                .register(registry);
    }

    void finished(int status, Topology topology, double queueMs, long latencyNanos) {
        requests.computeIfAbsent(status * 8 + topology.ordinal(), k -> Counter.builder("lab.balancer.requests")
                .description("Requests answered, by status and topology")
                .tag("status", Integer.toString(status)).tag("topology", topology.label())
                .register(registry)).increment();
        queue.record((long) (queueMs * 1_000_000), TimeUnit.NANOSECONDS);
        latency.record(latencyNanos, TimeUnit.NANOSECONDS);
    }

    void rejected(String reason) {
        rejections.computeIfAbsent(reason, k -> Counter.builder("lab.balancer.rejected")
                .description("Requests refused with 503, by reason")
                .tag("reason", reason).register(registry)).increment();
    }

    /** {@code lab_balancer_client_connections}: client connections open now. */
    void clientConnections(Supplier<Number> open) {
        Gauge.builder("lab.balancer.client.connections", open).description("Client connections open now")
                .register(registry);
    }

    /** {@code lab_balancer_client_closed_total{reason}}: connections the edge refused or timed out. */
    void clientClosed(String reason) {
        closures.computeIfAbsent(reason, k -> Counter.builder("lab.balancer.client.closed")
                .description("Client connections refused (over-limit) or closed by a timeout, by reason")
                .tag("reason", reason).register(registry)).increment();
    }

    void workerAdded(Backend backend) {
        workerGauges.put(backend.id(), Gauge.builder("lab.balancer.worker.in.flight", backend, Backend::inFlight)
                .description("Requests at this worker now").tag("worker", backend.id())
                .tag("kind", backend.info.kind().label()).register(registry));
    }

    void workerRemoved(String id) {
        Meter gauge = workerGauges.remove(id);
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    String scrape() {
        return Prometheus.scrape(registry);
    }
}
