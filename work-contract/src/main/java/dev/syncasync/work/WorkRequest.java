package dev.syncasync.work;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one {@code GET /work?io=<ms>&db=<ms>&cpu=<ms>&offload=<bool>} asks for, identical on every
 * worker: {@code io} milliseconds of waiting, then a {@code SELECT pg_sleep(db/1000.0)} on the
 * database through the worker's bounded connection pool, then {@code cpu} milliseconds of computation.
 * A {@code tag} labels a request for the timeline and changes nothing; any other parameter is
 * refused, so a typo ({@code oi=1000}) is not answered as if the request had asked for nothing.
 *
 * @param ioMs    milliseconds of waiting (a database, a remote call)
 * @param cpuMs   milliseconds of computation, measured as the handling thread's CPU time
 * @param offload async and virtual workers: run the computation off the event loop (or off the
 *                carrier threads) on a bounded pool; null = the worker's configured default
 * @param dbMs    milliseconds the database sleeps for this request ({@code pg_sleep}), 0 = no database
 */
public record WorkRequest(int ioMs, int cpuMs, Boolean offload, int dbMs) {

    /** A request without database work. */
    public WorkRequest(int ioMs, int cpuMs, Boolean offload) {
        this(ioMs, cpuMs, offload, 0);
    }

    /** Largest {@code io}, {@code db} or {@code cpu} accepted, in milliseconds. */
    public static final int MAX_MS = 60_000;

    /** Every parameter {@code /work} takes, in the order the error message lists them. */
    public static final List<String> PARAMETERS = List.of("io", "cpu", "db", "offload", "tag");
    private static final Set<String> KNOWN = Set.copyOf(PARAMETERS);

    /** A request that waits and computes nothing: what the reference scenarios send. */
    public static WorkRequest io(int ms) {
        return new WorkRequest(ms, 0, null);
    }

    /**
     * Reads the contract's parameters from a decoded query.
     *
     * @throws BadParameterException naming the first parameter that is wrong or unknown
     */
    public static WorkRequest parse(Map<String, List<String>> query) {
        for (String name : query.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new BadParameterException(name, "unknown parameter '" + name + "': /work takes "
                        + String.join(", ", PARAMETERS));
            }
        }
        return new WorkRequest(
                millis(query, "io"),
                millis(query, "cpu"),
                flag(query, "offload"),
                millis(query, "db"));
    }

    /** The offload choice for this request, falling back to the worker's default. */
    public boolean offloadOr(boolean workerDefault) {
        return offload == null ? workerDefault : offload;
    }

    private static int millis(Map<String, List<String>> query, String name) {
        String text = single(query, name);
        if (text == null) {
            return 0;
        }
        if (!digits(text, 6) || Integer.parseInt(text) > MAX_MS) {
            throw new BadParameterException(name, name + " must be an integer number of milliseconds in 0.."
                    + MAX_MS + ", got '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    /**
     * 1 to {@code max} ASCII digits, what the regular expression {@code \d{1,max}} matches, checked
     * without compiling a pattern for every request (it showed in the balancer's profile).
     */
    private static boolean digits(String text, int max) {
        if (text.isEmpty() || text.length() > max) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static Boolean flag(Map<String, List<String>> query, String name) {
        String text = single(query, name);
        if (text == null) {
            return null;
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        throw new BadParameterException(name, name + " must be true or false, got '" + text + "'");
    }

    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadParameterException(name, name + " must be given at most once, got " + values.size() + " values");
        }
        return values.get(0);
    }
}
