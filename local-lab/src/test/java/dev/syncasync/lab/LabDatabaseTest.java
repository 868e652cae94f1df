package dev.syncasync.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.config.AsyncPoolConfig;
import dev.syncasync.config.LabConfig;
import dev.syncasync.config.RegistryConfig;
import dev.syncasync.config.SyncPoolConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.config.VirtualPoolConfig;
import dev.syncasync.work.LabHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabDatabaseTest {

    private static LabConfig small() {
        LabConfig d = LabConfig.defaults();
        return d.withTopology(Topology.SYNC)
                .withBalancer(d.balancer().withEphemeralPorts())
                .withSync(SyncPoolConfig.defaults().withSize(1, 1))
                .withAsync(AsyncPoolConfig.defaults().withSize(1, 1))
                .withVirtual(VirtualPoolConfig.defaults().withWorkers(1))
                .withRegistry(RegistryConfig.defaults().withEnabled(false));
    }

    @Test
    void without_a_db_url_the_lab_runs_its_own_postgresql_and_stops_it_with_the_lab() throws Exception {
        ProcessHandle postmaster;
        List<ProcessHandle> children;
        try (Lab lab = Lab.start(small()); HttpClient client = HttpClient.newHttpClient()) {
            assertThat(lab.database()).isPresent();
            postmaster = lab.database().orElseThrow().process().orElseThrow();
            children = postmaster.descendants().toList();
            assertThat(lab.config().db().url()).isEqualTo(lab.database().orElseThrow().url());

            for (Topology pool : Topology.values()) {
                lab.balancer().topology(pool);
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(lab.url() + "/work?db=200"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(pool + ": " + response.body()).isEqualTo(200);
                assertThat(response.body()).contains("\"db\":200", "\"kind\":\"" + pool.label() + "\"");
                assertThat(response.headers().firstValue(LabHeaders.POOL_WAIT_MS)).isPresent();
            }
            HttpResponse<String> timeline = client.send(HttpRequest.newBuilder(
                    URI.create(lab.adminUrl() + "/admin/timeline?limit=3")).build(), HttpResponse.BodyHandlers.ofString());
            // The balancer keeps each request's wait for a database connection beside its queue wait.
            assertThat(timeline.body()).containsPattern("\"poolWaitMs\" ?: ?[0-9]");
        }
        assertThat(children).as("checkpointer, walwriter, the pools' backends").isNotEmpty();
        assertThat(postmaster.isAlive()).isFalse();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void the_embedded_servers_max_connections_grows_to_fit_every_workers_pool() {
        LabConfig config = small();
        LabConfig tight = config.withDb(config.db().withPoolSize(4).withMaxConnections(10));

        // 3 workers x 4 connections + 3 for superusers: 15, more than the 10 asked for.
        assertThat(Lab.maxConnections(tight)).isEqualTo(15);
        assertThat(Lab.maxConnections(config.withDb(config.db().withMaxConnections(50)))).isEqualTo(50);
        assertThat(Lab.maxConnections(tight.withDb(tight.db().withUrl("postgresql://db:5432/lab")))).isEqualTo(10);
    }
}
