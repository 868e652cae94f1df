package dev.syncasync.syncworker;

import dev.syncasync.config.DatabaseConfig;
import dev.syncasync.config.SyncWorkerConfig;
import dev.syncasync.testing.DatabaseContractTest;

/** The {@code db} contract on a sync worker: HikariCP behind Undertow's blocking pool. */
class SyncWorkerDatabaseTest extends DatabaseContractTest<SyncWorker> {

    @Override
    protected SyncWorker start(DatabaseConfig db) {
        // Threads enough for every request of the burst: only the connection pool makes them wait.
        return SyncWorker.start(new SyncWorkerConfig("sync-db-test", "127.0.0.1", 0, 4 * POOL), db);
    }
}
