package dev.syncasync.asyncworker;

import dev.syncasync.config.DatabaseConfig;
import dev.syncasync.server.DatabaseStatus;
import dev.syncasync.work.WorkResult.DbTime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The async worker's database: a Vert.x reactive PostgreSQL pool of {@code db.pool-size}
 * connections, and {@code SELECT pg_sleep($1)} on one of them. Nothing blocks: a request that
 * finds every connection busy waits in the pool's queue (a callback, no thread) for at most
 * {@code db.acquire-timeout-ms}, then fails with a 503. The worker starts whether or not the
 * database answers.
 */
final class VertxDatabase {

    /** How often an idle worker checks that its database is still there, for {@code /health}. */
    private static final long PROBE_INTERVAL_MS = 2_000;

    private final DatabaseStatus status;
    private final Pool pool;
    private final int size;
    /** {@code db} requests between asking for a connection and giving it back. */
    private final AtomicInteger inUse = new AtomicInteger();

    private VertxDatabase(DatabaseStatus status, Pool pool, int size) {
        this.status = status;
        this.pool = pool;
        this.size = size;
    }

    /** A pool for {@code config}'s database, or one that refuses every request when it names none. */
    static VertxDatabase open(Vertx vertx, DatabaseConfig config) {
        DatabaseStatus status = DatabaseStatus.of(config);
        if (!status.configured()) {
            return new VertxDatabase(status, null, 0);
        }
        DatabaseConfig.Address address = config.address();
        PgConnectOptions connect = new PgConnectOptions()
                .setHost(address.host())
                .setPort(address.port())
                .setDatabase(address.database())
                .setUser(address.user())
                .setPassword(address.password());
        // An unreachable host (no answer at all) fails a connection attempt after this long.
        NetClientOptions net = new NetClientOptions().setConnectTimeout(config.acquireTimeoutMs());
        PoolOptions options = new PoolOptions()
                .setMaxSize(config.poolSize())
                // Every waiting request queues (FIFO) for at most the acquisition timeout.
                .setMaxWaitQueueSize(-1)
                .setConnectionTimeout(config.acquireTimeoutMs())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        Pool pool = PgBuilder.pool().with(options).with(net).connectingTo(connect).using(vertx).build();
        VertxDatabase db = new VertxDatabase(status, pool, config.poolSize());
        db.warmUp();
        vertx.setPeriodic(PROBE_INTERVAL_MS, id -> db.probe());
        return db;
    }

    DatabaseStatus status() {
        return status;
    }

    /**
     * Waits (without a thread) for a connection, then sleeps {@code dbMs} in the database on it.
     * Fails with {@link Unavailable} when no connection came in time or the query failed.
     */
    Future<DbTime> sleep(int dbMs) {
        if (pool == null) {
            return Future.failedFuture(new Unavailable("db.url is empty", 0));
        }
        long askedNanos = System.nanoTime();
        inUse.incrementAndGet();
        return pool.getConnection()
                .compose(connection -> query(connection, dbMs, askedNanos))
                .andThen(done -> inUse.decrementAndGet())
                .recover(failure -> {
                    String reason = String.valueOf(failure.getMessage());
                    // A busy pool's timeout says nothing about the database; a failed connection does.
                    if (!reason.contains("Timeout")) {
                        status.down(reason);
                    }
                    return Future.failedFuture(new Unavailable(reason, (System.nanoTime() - askedNanos) / 1_000));
                });
    }

    private Future<DbTime> query(SqlConnection connection, int dbMs, long askedNanos) {
        long heldNanos = System.nanoTime();
        return connection.preparedQuery("SELECT pg_sleep($1)")
                .execute(Tuple.of(dbMs / 1_000.0))
                .map(rows -> {
                    status.up();
                    long doneNanos = System.nanoTime();
                    return new DbTime(dbMs, (heldNanos - askedNanos) / 1_000, (doneNanos - heldNanos) / 1_000);
                })
                .eventually(connection::close);
    }

    /** Opens every connection at start, so a first burst waits for busy connections, not for new ones. */
    private void warmUp() {
        List<Future<SqlConnection>> opening = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            opening.add(pool.getConnection());
        }
        Future.join(opening).onComplete(all -> {
            opening.stream().filter(Future::succeeded).forEach(c -> c.result().close());
            if (all.succeeded()) {
                status.up();
            } else {
                status.down(String.valueOf(all.cause().getMessage()));
            }
        });
    }

    /** Checks the database while no request uses it; a busy pool proves it is there. */
    private void probe() {
        if (inUse.get() > 0) {
            return;
        }
        pool.query("SELECT 1").execute()
                .onSuccess(rows -> status.up())
                .onFailure(failure -> status.down(String.valueOf(failure.getMessage())));
    }

    Future<Void> close() {
        return pool == null ? Future.succeededFuture() : pool.close();
    }

    /** The database could not serve a request: its 503 says why. */
    static final class Unavailable extends RuntimeException {

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
