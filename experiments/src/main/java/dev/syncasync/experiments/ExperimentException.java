package dev.syncasync.experiments;

/**
 * An experiment that could not go on (a lab that never answered, a failed image build, a run that
 * did not end): one clear line and exit code 1. No engine at all is a {@link dev.syncasync.commandline.UserError}.
 */
public final class ExperimentException extends RuntimeException {

    public ExperimentException(String message) {
        super(message);
    }
}
