package dev.syncasync.syncworker;

import dev.syncasync.config.DatabaseConfig;
import dev.syncasync.config.VirtualWorkerConfig;
import dev.syncasync.testing.DatabaseContractTest;

/** The {@code db} contract on a virtual worker: HikariCP shared by a virtual thread per request. */
class VirtualWorkerDatabaseTest extends DatabaseContractTest<VirtualWorker> {

    @Override
    protected VirtualWorker start(DatabaseConfig db) {
        return VirtualWorker.start(new VirtualWorkerConfig("virtual-db-test", "127.0.0.1", 0, 0), db);
    }
}
