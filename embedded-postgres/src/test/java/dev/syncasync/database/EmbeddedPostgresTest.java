package dev.syncasync.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresTest {

    @Test
    void a_started_server_answers_sql_on_its_free_port_with_the_configured_max_connections() throws Exception {
        try (EmbeddedPostgres db = EmbeddedPostgres.start(17)) {
            assertThat(db.port()).isPositive();
            assertThat(db.url()).isEqualTo("postgresql://postgres@127.0.0.1:" + db.port() + "/postgres");
            assertThat(query(db, "SHOW max_connections")).isEqualTo("17");
            long start = System.nanoTime();
            query(db, "SELECT pg_sleep(0.2)");
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(200);
        }
    }

    @Test
    void run_as_root_the_server_runs_as_an_unprivileged_user() {
        try (EmbeddedPostgres db = EmbeddedPostgres.start(10)) {
            String user = db.process().orElseThrow().info().user().orElse("?");
            assertThat(user).isEqualTo(EmbeddedPostgres.runningAsRoot() ? "nobody" : System.getProperty("user.name"));
        }
    }

    @Test
    void close_leaves_no_postgres_process_and_no_data_behind() {
        EmbeddedPostgres db = EmbeddedPostgres.start(10);
        ProcessHandle postmaster = db.process().orElseThrow();
        List<ProcessHandle> backends = postmaster.descendants().toList();
        assertThat(backends).as("checkpointer, walwriter, ...").isNotEmpty();
        Path data = Path.of(db.process().orElseThrow().info().arguments().map(a -> a[1]).orElse("/nonexistent"));

        db.close();

        assertThat(postmaster.isAlive()).isFalse();
        assertThat(backends).noneMatch(ProcessHandle::isAlive);
        assertThat(db.running()).isFalse();
        assertThat(data).doesNotExist();
    }

    /** The guard stops the server when the JVM that started it is gone, however it ended: here SIGKILL. */
    @Test
    void a_jvm_killed_with_sigkill_leaves_no_postgres_process() throws Exception {
        Process jvm = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), EmbeddedPostgresChild.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Path home = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("the child's first line").startsWith("postmaster ");
            String[] words = line.split(" ");
            ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(words[1])).orElseThrow();
            home = Path.of(words[2]);
            List<ProcessHandle> backends = postmaster.descendants().toList();

            jvm.destroyForcibly();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(postmaster.isAlive()).isFalse();
                assertThat(backends).noneMatch(ProcessHandle::isAlive);
            });
        } finally {
            jvm.destroyForcibly();
            // A killed JVM cannot delete the data: the test does.
            deleteTree(home);
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void a_stopped_server_refuses_connections_and_serves_again_on_the_same_port_once_resumed() throws Exception {
        try (EmbeddedPostgres db = EmbeddedPostgres.start(10)) {
            int port = db.port();
            ProcessHandle first = db.process().orElseThrow();
            db.stop();
            assertThat(first.isAlive()).isFalse();
            assertThatThrownBy(() -> query(db, "SELECT 1")).isInstanceOf(SQLException.class);

            db.resume();

            assertThat(db.port()).isEqualTo(port);
            assertThat(query(db, "SELECT 41 + 1")).isEqualTo("42");
        }
    }

    @Test
    void the_binaries_are_extracted_once_and_readable_by_everyone() throws Exception {
        Path first = EmbeddedPostgres.binaries();
        Path again = EmbeddedPostgres.binaries();
        assertThat(again).isEqualTo(first);
        assertThat(Files.getPosixFilePermissions(first.resolve("bin/postgres")).toString()).contains("OTHERS_EXECUTE");
    }

    private static String query(EmbeddedPostgres db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
