package dev.syncasync.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The meters both workers publish, with the same names, so a dashboard compares them:
 * {@code lab_worker_requests_total{status}}, {@code lab_worker_in_flight} and the
 * {@code lab_worker_service_seconds} histogram. Thread-safe.
 */
public final class WorkerMetrics {

    private final PrometheusMeterRegistry registry = Prometheus.registry();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Timer service;
    private final String workerId;

    public WorkerMetrics(String workerId, String kind) {
        this.workerId = workerId;
        registry.config().commonTags("worker", workerId, "kind", kind);
        Gauge.builder("lab.worker.in.flight", inFlight, AtomicInteger::get)
                .description("Requests this worker is serving now").register(registry);
        service = Prometheus.histogram("lab.worker.service", "Time from start to end of /work on the worker")
                .register(registry);
    }

    /** A gauge read at each scrape, such as the connections of a listener. */
    public void gauge(String name, String description, IntSupplier value) {
        // Held strongly: Micrometer keeps a gauge's object weakly, and a method reference nobody
        // else holds would be collected, the gauge then reading NaN.
        Gauge.builder(name, value, v -> v.getAsInt()).strongReference(true).description(description)
                .register(registry);
    }

    /** Marks a {@code /work} request as started; returns the in-flight count including it. */
    public int started() {
        return inFlight.incrementAndGet();
    }

    /** Marks a request as finished with its HTTP status and service time. */
    public void finished(int status, long serviceNanos) {
        inFlight.decrementAndGet();
        count(status);
        if (status == 200) {
            service.record(serviceNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Counts a request that was answered without being started (400, 404). */
    public void count(int status) {
        Counter.builder("lab.worker.requests").description("Requests answered, by HTTP status")
                .tag("status", Integer.toString(status)).register(registry).increment();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public String workerId() {
        return workerId;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return Prometheus.scrape(registry);
    }
}
