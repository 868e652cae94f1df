package dev.syncasync.server;

import dev.syncasync.config.DatabaseConfig;
import dev.syncasync.work.Json;

/**
 * What a worker knows about its database, for {@code /health} and for the 503 of a {@code db}
 * request it cannot serve: which database (never its password), and whether the last attempt
 * to use it worked. Thread-safe. A worker without a database ({@code db.url} empty) has
 * {@link #NONE}; its {@code db} requests get a 503 saying so.
 */
public final class DatabaseStatus {

    /** No database configured. */
    public static final DatabaseStatus NONE = new DatabaseStatus(null);

    private final String name;
    private volatile String problem;

    private DatabaseStatus(String name) {
        this.name = name;
        this.problem = name == null ? "no database configured (db.url is empty)" : "not connected yet";
    }

    /** The status of the database {@code config} names, or {@link #NONE} when it names none. */
    public static DatabaseStatus of(DatabaseConfig config) {
        return config.embedded() ? NONE : new DatabaseStatus(config.address().display());
    }

    /** {@code postgresql://user@host:port/database}, or null without a database. */
    public String name() {
        return name;
    }

    public boolean configured() {
        return name != null;
    }

    /** The database answered. */
    public void up() {
        if (name != null) {
            problem = null;
        }
    }

    /** The database could not be used; {@code reason} says why (connection refused, timeout). */
    public void down(String reason) {
        if (name != null) {
            problem = reason;
        }
    }

    public boolean isUp() {
        return problem == null;
    }

    /** {@code "up"}, or what is missing: {@code "unreachable: Connection refused"}. */
    public String health() {
        String now = problem;
        return now == null ? "up" : (name == null ? "none: " : "unreachable: ") + now;
    }

    /** The body of the 503 a {@code db} request gets when the database cannot serve it. */
    public String unavailableJson(String reason) {
        String which = name == null ? "no database" : "database " + name;
        return Json.object()
                .put("error", which + " unavailable: " + reason)
                .put("database", name == null ? "none" : name)
                .toString();
    }
}
