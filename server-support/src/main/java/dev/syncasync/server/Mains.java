package dev.syncasync.server;

import dev.syncasync.config.ConfigException;
import dev.syncasync.logging.Logging;
import org.slf4j.LoggerFactory;

/** What every {@code Main} does around its body: a bad config is one line and exit code 2. */
public final class Mains {

    private Mains() {
    }

    /** A body that starts servers; it may throw {@link ConfigException}. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /**
     * Runs {@code body}; on {@link ConfigException} prints {@code <name>: <message>} to stderr
     * and exits with code 2, on any other failure logs it and exits with code 1.
     */
    public static void run(String name, Body body) {
        installLogFormat();
        try {
            body.run();
        } catch (ConfigException e) {
            System.err.println(name + ": invalid configuration: " + e.getMessage());
            System.exit(ConfigException.EXIT_CODE);
        } catch (Exception e) {
            LoggerFactory.getLogger(name).error("failed to start", e);
            System.exit(1);
        }
    }

    /** Every library's logging through SLF4J to Logback, before any of them loads. */
    public static void installLogFormat() {
        Logging.init();
    }
}
