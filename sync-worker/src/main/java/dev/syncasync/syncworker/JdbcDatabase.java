package dev.syncasync.syncworker;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.syncasync.config.DatabaseConfig;
import dev.syncasync.server.DatabaseStatus;
import dev.syncasync.work.WorkResult.DbTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sync and virtual workers' database: a HikariCP pool of {@code db.pool-size} JDBC
 * connections, and {@code SELECT pg_sleep(?)} on one of them. A blocking call: the request's
 * thread (pool thread or virtual thread) waits for a connection, then for the query. The pool
 * starts without the database (so the worker serves {@code io} and {@code cpu} while it is
 * away), and a connection that does not come within {@code db.acquire-timeout-ms} is a
 * {@link Unavailable}, never a hang.
 */
final class JdbcDatabase implements AutoCloseable {

    /** How often an idle worker checks that its database is still there, for {@code /health}. */
    private static final long PROBE_INTERVAL_MS = 2_000;
    /** How long closing waits for the pool to close (see {@link #close()}). */
    private static final long CLOSE_WAIT_MS = 1_000;

    private final DatabaseStatus status;
    private final HikariDataSource pool;
    private final ScheduledExecutorService probe;

    private JdbcDatabase(DatabaseStatus status, HikariDataSource pool, ScheduledExecutorService probe) {
        this.status = status;
        this.pool = pool;
        this.probe = probe;
    }

    /** A pool for {@code config}'s database, or one that refuses every request when it names none. */
    static JdbcDatabase open(DatabaseConfig config, String workerId) {
        DatabaseStatus status = DatabaseStatus.of(config);
        if (!status.configured()) {
            return new JdbcDatabase(status, null, null);
        }
        DatabaseConfig.Address address = config.address();
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(workerId + " db");
        hikari.setJdbcUrl(address.jdbcUrl());
        hikari.setUsername(address.user());
        hikari.setPassword(address.password());
        // A fixed pool: every connection opened at start and kept, so a burst waits for busy
        // connections, not for new ones being opened.
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(config.poolSize());
        hikari.setConnectionTimeout(config.acquireTimeoutMs());
        hikari.setValidationTimeout(DatabaseConfig.MIN_ACQUIRE_TIMEOUT_MS);
        // Start even when the database is away: the worker still serves io and cpu.
        hikari.setInitializationFailTimeout(-1);
        // The driver gives up on an unreachable host (no answer at all) after this many seconds; HikariCP
        // keeps trying in the background, and a request never waits longer than the acquisition timeout.
        hikari.addDataSourceProperty("connectTimeout", "1");
        JdbcDatabase db = new JdbcDatabase(status, new HikariDataSource(hikari),
                Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(workerId + " db-probe")
                        .daemon().factory()));
        db.probe.scheduleWithFixedDelay(db::probe, 0, PROBE_INTERVAL_MS, TimeUnit.MILLISECONDS);
        return db;
    }

    DatabaseStatus status() {
        return status;
    }

    /**
     * Waits for a connection, then sleeps {@code dbMs} in the database on it.
     *
     * @throws Unavailable when no connection came within the acquisition timeout or the query failed
     */
    DbTime sleep(int dbMs) throws Unavailable {
        if (pool == null) {
            throw new Unavailable("db.url is empty", 0);
        }
        long askedNanos = System.nanoTime();
        try (Connection connection = pool.getConnection()) {
            long heldNanos = System.nanoTime();
            try (PreparedStatement sleep = connection.prepareStatement("SELECT pg_sleep(?)")) {
                sleep.setDouble(1, dbMs / 1_000.0);
                sleep.execute();
            }
            long doneNanos = System.nanoTime();
            status.up();
            return new DbTime(dbMs, (heldNanos - askedNanos) / 1_000, (doneNanos - heldNanos) / 1_000);
        } catch (SQLException e) {
            String reason = reason(e);
            // A busy pool's timeout says nothing about the database; a failed connection does.
            if (e.getCause() != null || e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                status.down(reason);
            }
            throw new Unavailable(reason, (System.nanoTime() - askedNanos) / 1_000);
        }
    }

    /** Checks the database while the pool is idle; a busy pool proves it is there. */
    private void probe() {
        if (pool.getHikariPoolMXBean() != null && pool.getHikariPoolMXBean().getActiveConnections() > 0) {
            return;
        }
        try (Connection connection = pool.getConnection()) {
            if (connection.isValid(1)) {
                status.up();
            } else {
                status.down("a connection did not answer");
            }
        } catch (SQLException e) {
            status.down(reason(e));
        }
    }

    private static String reason(SQLException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + " (" + root.getMessage() + ")";
    }

    /**
     * Closes the pool, waiting at most {@link #CLOSE_WAIT_MS}: with the database away, HikariCP's
     * close waits for a connection attempt in progress up to its login timeout (the acquisition
     * timeout, 5 s by default), and a lab stops its workers one after another. With the database
     * there it closes at once.
     */
    @Override
    public void close() {
        if (probe != null) {
            probe.shutdownNow();
        }
        if (pool != null) {
            Thread closing = Thread.ofPlatform().name(pool.getPoolName() + " close").daemon().start(pool::close);
            try {
                closing.join(CLOSE_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The database could not serve a request: its 503 says why. */
    static final class Unavailable extends Exception {

        private final long waitedUs;

        Unavailable(String reason, long waitedUs) {
            super(reason, null, false, false);
            this.waitedUs = waitedUs;
        }

        /** Microseconds from asking for a connection to giving up. */
        long waitedUs() {
            return waitedUs;
        }
    }
}
