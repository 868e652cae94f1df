package dev.syncasync.experiments;

/** A problem the user can fix (no engine, a bad sweep file, a missing image): exit code 2, one clear line. */
public final class ExperimentException extends RuntimeException {

    public ExperimentException(String message) {
        super(message);
    }
}
