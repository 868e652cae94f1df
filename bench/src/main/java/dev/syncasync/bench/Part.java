package dev.syncasync.bench;

import java.util.Locale;

/**
 * The three event loops of a run, each the one thread of its own Vertx: measured apart, they
 * say where the CPU and the allocations of a request go.
 */
enum Part {
    CLIENT, BALANCER, WORKER;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
