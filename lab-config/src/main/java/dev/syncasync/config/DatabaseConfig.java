package dev.syncasync.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code db:} section: the PostgreSQL server behind {@code /work?db=<ms>} and each worker's
 * bounded pool of connections to it.
 *
 * @param url              {@code postgresql://[user[:password]@]host[:port]/database}; empty = the
 *                         lab starts an embedded server ({@code ./lab up}, {@code ./lab demo}); a
 *                         worker started alone with an empty url has no database and answers
 *                         {@code db} requests with a 503
 * @param poolSize         connections per worker: at most this many {@code db} requests of one
 *                         worker are in the database at once, the others wait for a connection
 * @param acquireTimeoutMs how long a request waits for a connection before its 503
 * @param maxConnections   the embedded server's {@code max_connections}, raised by the lab to fit every
 *                         worker's pool (a server named by url keeps its own)
 */
public record DatabaseConfig(String url, int poolSize, int acquireTimeoutMs, int maxConnections) {

    /** HikariCP refuses a connection timeout under 250 ms, so the lab does too, on every worker. */
    public static final int MIN_ACQUIRE_TIMEOUT_MS = 250;

    public static DatabaseConfig defaults() {
        return new DatabaseConfig("", 4, 5_000, 100);
    }

    static DatabaseConfig read(Section s) {
        DatabaseConfig d = defaults();
        DatabaseConfig c = new DatabaseConfig(
                s.string("url", d.url).strip(),
                s.integer("pool-size", d.poolSize, 1, 1_000),
                s.integer("acquire-timeout-ms", d.acquireTimeoutMs, MIN_ACQUIRE_TIMEOUT_MS, 600_000),
                s.integer("max-connections", d.maxConnections, 2, 10_000));
        if (!c.url.isEmpty()) {
            try {
                c.address();
            } catch (IllegalArgumentException e) {
                throw s.error("url", e.getMessage());
            }
        }
        return c;
    }

    /** Whether the lab must start its own server: no url given. */
    public boolean embedded() {
        return url.isEmpty();
    }

    /** A copy pointing at {@code newUrl}: how {@code ./lab up} hands its embedded server to the workers. */
    public DatabaseConfig withUrl(String newUrl) {
        return new DatabaseConfig(newUrl, poolSize, acquireTimeoutMs, maxConnections);
    }

    /** A copy with another pool size per worker. */
    public DatabaseConfig withPoolSize(int newPoolSize) {
        return new DatabaseConfig(url, newPoolSize, acquireTimeoutMs, maxConnections);
    }

    /** A copy with another {@code max_connections} for the embedded server. */
    public DatabaseConfig withMaxConnections(int newMaxConnections) {
        return new DatabaseConfig(url, poolSize, acquireTimeoutMs, newMaxConnections);
    }

    /** A copy with another acquisition timeout. */
    public DatabaseConfig withAcquireTimeoutMs(int newTimeoutMs) {
        return new DatabaseConfig(url, poolSize, newTimeoutMs, maxConnections);
    }

    /**
     * The url's parts.
     *
     * @throws IllegalArgumentException when the url is empty or not a {@code postgresql://} url
     */
    public Address address() {
        String text = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("must be postgresql://[user[:password]@]host[:port]/database, got '"
                    + url + "'");
        }
        String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())
                || uri.getHost() == null || database.isEmpty() || uri.getQuery() != null) {
            throw new IllegalArgumentException("must be postgresql://[user[:password]@]host[:port]/database, got '"
                    + url + "'");
        }
        String user = "postgres";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : "";
        }
        return new Address(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database, user, password);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /**
     * Where the database is, read from {@link #url()}.
     *
     * @param host     host name or address
     * @param port     TCP port (5432 when the url gives none)
     * @param database database name
     * @param user     user name ({@code postgres} when the url gives none)
     * @param password password, empty for none
     */
    public record Address(String host, int port, String database, String user, String password) {

        /** {@code postgresql://user@host:port/database}: the database named in errors, never its password. */
        public String display() {
            return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
        }

        /** The PostgreSQL JDBC driver's url (user and password go in its properties). */
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }
}
