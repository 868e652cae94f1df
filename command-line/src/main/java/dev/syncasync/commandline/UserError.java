package dev.syncasync.commandline;

/**
 * Something the user must fix before the command can run (no Docker engine, the jars not built):
 * {@link Cli} prints {@code <name>: <message>} on stderr and exits {@value Cli#USAGE}.
 */
public class UserError extends RuntimeException {

    public UserError(String message) {
        super(message);
    }
}
