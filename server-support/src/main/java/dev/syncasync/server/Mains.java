package dev.syncasync.server;

import dev.syncasync.config.ConfigException;
import java.util.logging.Logger;

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
            Logger.getLogger(name).severe(() -> "failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** One line per log record unless the user chose a format. */
    public static void installLogFormat() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT.%1$tL %4$-7s %3$s - %5$s%6$s%n");
        }
    }
}
