package dev.syncasync.server;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * How a server ends on SIGTERM or SIGINT (Ctrl-C), and the exit code that tells a supervisor how
 * it went. The JVM's own handling would run the shutdown hooks and exit with 128 + the signal
 * (143 for SIGTERM) even after a perfect drain, which restart policies and scripts read as a
 * failure. Here the signal runs the server's stop, then the process exits with:
 * <ul>
 *   <li>{@value #CLEAN}: every accepted request was answered before the ports closed;</li>
 *   <li>{@value #CUT_SHORT}: the drain timeout ran out with requests still waiting or in flight.</li>
 * </ul>
 * A second signal while the first one drains stops at once ({@value #CUT_SHORT}). Any other way
 * the JVM shuts down (SIGHUP, {@code System.exit}) still runs the stop, from a shutdown hook.
 */
public final class Termination {

    /** Exit code after a clean drain. */
    public static final int CLEAN = 0;
    /** Exit code when the drain timeout cut requests off (and after a second signal). */
    public static final int CUT_SHORT = 1;

    private static final Logger LOG = LoggerFactory.getLogger(Termination.class);

    private Termination() {
    }

    /**
     * Runs {@code stop} on the first SIGTERM or SIGINT, then exits with {@link #CLEAN} or
     * {@link #CUT_SHORT}.
     *
     * @param name what is stopping, for the log
     * @param stop drains and stops the server; true when nothing was cut off
     */
    public static void onSignal(String name, BooleanSupplier stop) {
        Stopper stopper = new Stopper(name, stop);
        Signal.handle(new Signal("TERM"), stopper::signalled);
        Signal.handle(new Signal("INT"), stopper::signalled);
        Runtime.getRuntime().addShutdownHook(new Thread(stopper::stopOnce, name + "-stop"));
    }

    /** Runs the stop once, whoever asks first: a signal or the JVM's shutdown. */
    private static final class Stopper {

        private final String name;
        private final BooleanSupplier stop;
        private final AtomicBoolean started = new AtomicBoolean();
        private volatile int exitCode = CLEAN;

        Stopper(String name, BooleanSupplier stop) {
            this.name = name;
            this.stop = stop;
        }

        void signalled(Signal signal) {
            if (started.get()) {
                LOG.atWarn().log(() -> name + ": a second SIG" + signal.getName() + " while draining: stopping now");
                Runtime.getRuntime().halt(CUT_SHORT);
            }
            stopOnce();
            // Runs the other shutdown hooks (logging, ...) and ends with the drain's outcome.
            System.exit(exitCode);
        }

        void stopOnce() {
            if (started.compareAndSet(false, true)) {
                boolean clean = stop.getAsBoolean();
                exitCode = clean ? CLEAN : CUT_SHORT;
                LOG.atInfo().log(() -> name + (clean ? " drained cleanly, exit code " + CLEAN
                        : " stopped with requests cut off by the drain timeout, exit code " + CUT_SHORT));
            }
        }
    }
}
