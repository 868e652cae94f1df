package dev.syncasync.bench;

/**
 * One path under test: where the load client sends {@code GET uri}.
 *
 * @param name  {@code direct} or {@code balancer}, as the report names it
 * @param host  loopback address
 * @param port  the server's port
 * @param uri   path and query of every request
 */
public record Target(String name, String host, int port, String uri) {

    public String url() {
        return "http://" + host + ":" + port + uri;
    }
}
