package dev.syncasync.bench;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The report's section on the shared layout, between two markers: written from this command's
 * own shared run ({@code --compare-shared}), else kept word for word from the report being
 * replaced (it names its own date and command), else a pointer to the flag. Running both layouts
 * every time would double the default run; the shared numbers change only when the code does.
 */
final class Comparison {

    static final String BEGIN = "<!-- shared-layout comparison: begin (kept by ./lab bench unless it runs with"
            + " --compare-shared) -->";
    static final String END = "<!-- shared-layout comparison: end -->";
    private static final String TITLE = "## For comparison: the shared layout\n\n";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final String markdown;
    private final String consoleNote;

    private Comparison(String markdown, String consoleNote) {
        this.markdown = markdown;
        this.consoleNote = consoleNote;
    }

    /**
     * @param main     the run the report is about
     * @param shared   this command's shared run, or null
     * @param previous the report being replaced, or empty
     */
    static Comparison of(BenchResult main, BenchResult shared, String previous) {
        if (!main.layout().pinned()) {
            return new Comparison("", "");
        }
        if (shared != null) {
            return new Comparison(wrap(fresh(shared)), "");
        }
        String kept = extract(previous);
        if (kept != null) {
            return new Comparison(kept + "\n\n", " (kept its shared-layout comparison; --compare-shared measures"
                    + " it again)");
        }
        return new Comparison(wrap("No shared-layout run is recorded yet: `./lab bench --compare-shared` runs"
                + " one after the pinned run and writes its summary here.\n"), " (no shared-layout comparison"
                + " yet: run with --compare-shared)");
    }

    /** The section, markers included, from a report; null if it has none. */
    static String extract(String doc) {
        int from = doc.indexOf(BEGIN);
        int to = doc.indexOf(END, Math.max(from, 0));
        return from < 0 || to < 0 ? null : doc.substring(from, to + END.length());
    }

    /** The Markdown to put in the report; empty when the run itself is shared. */
    String markdown() {
        return markdown;
    }

    /** What to add to the console's "wrote FILE" line. */
    String consoleNote() {
        return consoleNote;
    }

    private static String wrap(String body) {
        return BEGIN + "\n" + TITLE + body + END + "\n\n";
    }

    private static String fresh(BenchResult r) {
        StringBuilder md = new StringBuilder()
                .append("Measured on ").append(DATE.format(r.started())).append(" by `").append(r.options().command())
                .append("`, right after its pinned run, with the same options but `--layout shared` (")
                .append(r.took().toSeconds()).append(" s): ").append(r.layout().where())
                .append(". Only the layout differs.\n\n")
                .append(ResultTables.summary(r).markdown()).append('\n');
        return md.toString();
    }
}
