package dev.syncasync.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.time.Duration;

/**
 * The Prometheus registries every server exposes at {@code /metrics}: its own meters, with the
 * lab's buckets, followed by the JVM's and the process's (Micrometer's binders: memory, GC,
 * threads, class loading, CPU, uptime, file descriptors). The JVM meters live in one registry per
 * JVM, bound once: the servers of {@code ./lab up} share a JVM, and so do their JVM series.
 */
public final class Prometheus {

    /** The {@code Content-Type} of a scrape, as the Prometheus library writes it (text format 0.0.4). */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    /** Histogram buckets from 1 ms to 60 s: wide enough for a 25-wave queue of 1 s requests. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60),
    };

    private Prometheus() {
    }

    /** A registry for one server's own meters. */
    public static PrometheusMeterRegistry registry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** A timer with the lab's histogram buckets. */
    public static Timer.Builder histogram(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(BUCKETS);
    }

    /** The whole scrape of a server: its own meters, then this JVM's and process's. */
    public static String scrape(PrometheusMeterRegistry own) {
        return own.scrape(CONTENT_TYPE) + Jvm.REGISTRY.scrape(CONTENT_TYPE);
    }

    /** The JVM's registry, made and bound when the first scrape needs it. */
    private static final class Jvm {

        static final PrometheusMeterRegistry REGISTRY = bind(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

        @SuppressWarnings("resource") // the GC listener lives as long as the JVM, like the registry
        private static PrometheusMeterRegistry bind(PrometheusMeterRegistry registry) {
            new JvmMemoryMetrics().bindTo(registry);
            new JvmGcMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new JvmInfoMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            new FileDescriptorMetrics().bindTo(registry);
            return registry;
        }
    }
}
