package dev.syncasync.asyncworker;

import dev.syncasync.config.AsyncWorkerConfig;
import dev.syncasync.config.DatabaseConfig;
import dev.syncasync.testing.DatabaseContractTest;

/** The {@code db} contract on an async worker: the reactive PostgreSQL pool on its event loop. */
class AsyncWorkerDatabaseTest extends DatabaseContractTest<AsyncWorker> {

    @Override
    protected AsyncWorker start(DatabaseConfig db) {
        return AsyncWorker.start(new AsyncWorkerConfig("async-db-test", "127.0.0.1", 0, 1, false), db);
    }
}
