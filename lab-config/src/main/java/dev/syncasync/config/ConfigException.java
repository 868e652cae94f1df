package dev.syncasync.config;

/**
 * A configuration file that cannot be used: names the file, the field and the reason.
 * Every {@code Main} turns it into one line on stderr and exit code {@value #EXIT_CODE}.
 */
public final class ConfigException extends RuntimeException {

    /** The process exit code for a bad configuration, as documented in the README. */
    public static final int EXIT_CODE = 2;

    private final String source;
    private final String field;
    private final String reason;

    public ConfigException(String source, String field, String reason) {
        super(source + ": " + (field.isEmpty() ? "" : field + ": ") + reason);
        this.source = source;
        this.field = field;
        this.reason = reason;
    }

    /** The file (or environment variable) the bad value came from. */
    public String source() {
        return source;
    }

    /** The dotted path of the field, for example {@code balancer.port}; empty for the whole file. */
    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
