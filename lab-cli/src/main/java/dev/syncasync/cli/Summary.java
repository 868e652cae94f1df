package dev.syncasync.cli;

import dev.syncasync.config.LabConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.database.EmbeddedPostgres;
import dev.syncasync.lab.Lab;
import dev.syncasync.server.WorkerServer;
import java.util.List;

/** The one screen {@code ./lab up} prints once everything listens. */
final class Summary {

    private Summary() {
    }

    static String of(Lab lab, String file) {
        LabConfig c = lab.config();
        StringBuilder out = new StringBuilder();
        out.append("\nsync-async lab is up - topology ").append(c.topology().label()).append(" (").append(file)
                .append(")\n\n");
        out.append(String.format("  balancer  %-26s admin %s   policy %s, max-queue %d%n", lab.url(),
                lab.adminUrl(), c.balancer().policy().label(), c.balancer().maxQueue()));
        out.append(String.format("  live      %-26s the queue, the slots and the waves as they happen: "
                + "open it in a browser%n", lab.adminUrl() + "/"));
        pool(out, lab, Topology.SYNC, c.sync().workers() + " workers x " + c.sync().threads() + " thread"
                + (c.sync().threads() == 1 ? "" : "s"));
        pool(out, lab, Topology.ASYNC, c.async().workers() + " workers x " + c.async().eventLoops() + " event loop"
                + (c.async().eventLoops() == 1 ? "" : "s") + (c.async().offload() ? ", cpu offloaded" : ""));
        pool(out, lab, Topology.VIRTUAL, c.virtual().workers() + " workers x a virtual thread per request, "
                + (c.virtual().maxConcurrent() == 0 ? "no limit" : "at most " + c.virtual().maxConcurrent())
                + " at once");
        if (c.registry().enabled()) {
            out.append(String.format("%n  registry  Hazelcast %s:%d, cluster '%s' (internal only)%n", c.registry().host(),
                    lab.registryPort(), c.registry().clusterName()));
            out.append("            one more worker:  ./lab worker sync   (or async, or virtual)\n");
            lab.database().ifPresent(db -> out.append("            with the database:  LAB_DB_URL=").append(db.url())
                    .append(" ./lab worker sync\n"));
        }
        out.append(String.format("  database  %s, %d connections per worker%s%n", c.db().address().display(),
                c.db().poolSize(), lab.database().isPresent() ? " (embedded PostgreSQL " + EmbeddedPostgres.VERSION
                        + ", stops with the lab)" : ""));
        out.append("  toggle    edit topology: in ").append(file).append(", or\n");
        out.append("            curl -X POST -H 'Authorization: Bearer ").append(lab.balancer().adminToken())
                .append("' '").append(lab.adminUrl()).append("/admin/topology?topology=")
                .append(c.topology() == Topology.ASYNC ? "virtual" : "async").append("'   (sync, async or virtual)\n");
        out.append("\n  try:\n");
        out.append("    curl -i '").append(lab.url()).append("/work?io=1000'\n");
        out.append("    curl -i '").append(lab.url()).append("/work?db=200'      (200 ms in PostgreSQL, X-Pool-Wait-Ms)\n");
        out.append("    for i in 1 2 3 4 5; do curl -s -o /dev/null -w '%{http_code} %{time_total}s\\n' '")
                .append(lab.url()).append("/work?io=1000' & done; wait\n");
        out.append("    curl -s ").append(lab.adminUrl()).append("/admin/workers\n");
        out.append("    curl -s '").append(lab.adminUrl()).append("/admin/timeline?limit=5'\n");
        out.append("\n  Ctrl-C stops it; requests in flight finish first.\n");
        return out.toString();
    }

    private static void pool(StringBuilder out, Lab lab, Topology kind, String shape) {
        List<WorkerServer> workers = lab.workers(kind);
        boolean active = lab.config().topology() == kind;
        out.append(String.format("%n  %-8s  %s pool: %s%n", active ? "ACTIVE" : "standby", kind.label(), shape));
        for (WorkerServer w : workers) {
            out.append(String.format("    %-8s %s%n", w.id(), w.url()));
        }
    }
}
