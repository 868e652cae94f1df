package dev.syncasync.database;

/** A JVM that starts an embedded PostgreSQL, prints its postmaster's pid and its directory, and waits to be killed. */
public final class EmbeddedPostgresChild {

    private EmbeddedPostgresChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedPostgres db = EmbeddedPostgres.start(10);
        System.out.println("postmaster " + db.process().orElseThrow().pid() + " " + db.home());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
