package dev.syncasync.bench;

/**
 * The part of {@code docs/benchmarks.md} that people write: what the numbers mean. It stands
 * between two markers, and a run that rewrites the file keeps it word for word; a file without
 * it gets a placeholder saying where to write it. Numbers belong in the tables the run writes;
 * their reading belongs here.
 */
final class Interpretation {

    static final String BEGIN = "<!-- interpretation: begin (written by people; ./lab bench keeps what stands"
            + " between these markers) -->";
    static final String END = "<!-- interpretation: end -->";

    private Interpretation() {
    }

    /** The section, markers included, from the report being replaced; a placeholder when it has none. */
    static String keptFrom(String previous) {
        int from = previous.indexOf(BEGIN);
        int to = previous.indexOf(END, Math.max(from, 0));
        if (from >= 0 && to >= 0) {
            return previous.substring(from, to + END.length()) + "\n\n";
        }
        return BEGIN + "\n## What the numbers say\n\nNot written yet: read the tables, then say here what they"
                + " mean and what explains them. `./lab bench` keeps this section when it rewrites the file.\n"
                + END + "\n\n";
    }
}
