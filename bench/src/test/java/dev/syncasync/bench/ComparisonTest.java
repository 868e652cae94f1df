package dev.syncasync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static final Layout PINNED = Layout.choose(Layout.Kind.PINNED, List.of(0, 1), true);
    private static final Layout SHARED = Layout.choose(Layout.Kind.SHARED, List.of(0, 1), true);

    @Test
    void a_shared_run_of_the_same_command_is_written_between_the_markers_with_its_table() {
        Comparison c = Comparison.of(BenchDocTest.run(PINNED, 30_000, 200), BenchDocTest.run(SHARED, 18_000, 400), "");

        assertThat(c.markdown()).startsWith(Comparison.BEGIN).contains("## For comparison: the shared layout",
                "| layout: shared | one JVM, 2 cores |", "ratio 0.45 | >= 0.50 | MISS", Comparison.END);
        assertThat(c.markdown()).as("the reading is written by people, not generated").doesNotContain("**Throughput.**");
        assertThat(c.consoleNote()).isEmpty();
    }

    @Test
    void a_pinned_run_alone_keeps_the_section_of_the_report_it_replaces_word_for_word() {
        String section = Comparison.BEGIN + "\n## For comparison: the shared layout\n\nold numbers\n" + Comparison.END;
        String previous = "# Benchmark\n\nresult\n\n" + section + "\n\n## How it is measured\n";

        Comparison c = Comparison.of(BenchDocTest.run(PINNED, 30_000, 200), null, previous);

        assertThat(c.markdown()).isEqualTo(section + "\n\n");
        assertThat(c.consoleNote()).contains("kept");
    }

    @Test
    void without_a_previous_section_the_report_says_how_to_get_one() {
        Comparison c = Comparison.of(BenchDocTest.run(PINNED, 30_000, 200), null, "# an older report\n");

        assertThat(c.markdown()).contains("./lab bench --compare-shared");
        assertThat(Comparison.extract("# an older report\n")).isNull();
    }

    @Test
    void a_shared_run_has_no_comparison_section() {
        assertThat(Comparison.of(BenchDocTest.run(SHARED, 18_000, 400), null, Comparison.BEGIN + Comparison.END)
                .markdown()).isEmpty();
    }
}
