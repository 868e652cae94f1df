package dev.syncasync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyComparisonTest {

    @Test
    void a_new_report_keeps_the_section_the_haproxy_script_wrote_word_for_word() {
        String section = ProxyComparison.BEGIN + "\n## The balancer against HAProxy (issue 13)\n\n| netty | 1.20 |\n"
                + ProxyComparison.END;
        String previous = "# Benchmark\n\nresult\n\n" + section + "\n\n## How this run was made\n";

        String doc = BenchDoc.of(BenchDocTest.run(Layout.choose(Layout.Kind.PINNED, List.of(0, 1), true), 30_000, 200),
                Comparison.of(BenchDocTest.run(Layout.choose(Layout.Kind.PINNED, List.of(0, 1), true), 30_000, 200),
                        null, previous), previous);

        assertThat(doc).contains(section + "\n\n");
        assertThat(ProxyComparison.keptFrom("# an older report\n")).isEmpty();
    }
}
