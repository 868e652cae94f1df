package dev.syncasync.bench;

/**
 * The report's section on the balancer against HAProxy, between two markers: written by
 * {@code scripts/bench-vs-haproxy.py} (it starts HAProxy, both data planes and the workers, and
 * needs wrk and hey), and kept word for word by every {@code ./lab bench} run. It names its own
 * date, command and machine.
 */
final class ProxyComparison {

    static final String BEGIN = "<!-- balancer against HAProxy: begin (written by scripts/bench-vs-haproxy.py;"
            + " ./lab bench keeps it) -->";
    static final String END = "<!-- balancer against HAProxy: end -->";

    private ProxyComparison() {
    }

    /** The section, markers included and followed by a blank line, from a report; empty if it has none. */
    static String keptFrom(String doc) {
        int from = doc.indexOf(BEGIN);
        int to = doc.indexOf(END, Math.max(from, 0));
        return from < 0 || to < 0 ? "" : doc.substring(from, to + END.length()) + "\n\n";
    }
}
