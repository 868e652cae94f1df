package dev.syncasync.balancer;

import static dev.syncasync.balancer.BalancerRig.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Edits of the watched topology file that carry no topology: an empty file (an editor that
 * truncates first, {@code > file}), a deleted one, one that cannot be read. Each is refused
 * with a log line, as an invalid edit is, and the running topology stays; the next valid edit
 * still switches.
 */
class TopologyFileTest {

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger watcherLog = (Logger) LoggerFactory.getLogger(TopologyFileWatcher.class);
    private BalancerRig rig;
    private Path file;

    @BeforeEach
    void start() throws Exception {
        log.start();
        watcherLog.addAppender(log);
        file = Files.writeString(dir.resolve("topology.yml"), "topology: async\n");
        rig = BalancerRig.start(BalancerConfig.defaults(), Topology.ASYNC);
        rig.sync("sync-1", 1);
        rig.async("async-1");
        rig.balancer().watch(file);
        awaitLog("watching " + file);
    }

    @AfterEach
    void stop() {
        watcherLog.detachAppender(log);
        rig.close();
    }

    private void awaitLog(String text) {
        eventually().until(() -> log.list.stream().anyMatch(e -> e.getFormattedMessage().contains(text)));
    }

    /** The running topology stays, and a valid edit afterwards still switches it. */
    private void assertStaysThenFollowsAValidEdit() throws Exception {
        assertThat(rig.balancer().topology()).isEqualTo(Topology.ASYNC);
        Files.deleteIfExists(file);
        Files.writeString(file, "topology: sync\n");
        eventually().until(() -> rig.balancer().topology() == Topology.SYNC);
    }

    @Test
    void a_truncated_file_is_refused_with_a_log_line_and_does_not_switch_to_the_defaults() throws Exception {
        Files.writeString(file, "");

        awaitLog("refused the edit of " + file + ": the file is empty");
        assertStaysThenFollowsAValidEdit();
    }

    @Test
    void a_file_of_comments_only_is_refused_as_empty() throws Exception {
        Files.writeString(file, "# topology: sync\n\n   # nothing else\n");

        awaitLog("the file is empty (only comments)");
        assertStaysThenFollowsAValidEdit();
    }

    @Test
    void a_deleted_file_is_refused_with_a_log_line() throws Exception {
        Files.delete(file);

        awaitLog("refused the edit of " + file + ": it does not exist");
        assertStaysThenFollowsAValidEdit();
    }

    @Test
    void a_file_that_cannot_be_read_is_refused_with_a_log_line() throws Exception {
        // Root reads any file whatever its mode; a directory in its place cannot be read by anyone.
        Files.delete(file);
        Files.createDirectory(file);

        awaitLog("refused the edit of " + file + ": it cannot be read");
        Files.delete(file);
        assertStaysThenFollowsAValidEdit();
        awaitLog(file + " can be read again");
    }
}
