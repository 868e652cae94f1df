package dev.syncasync.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgLineChartTest {

    private static List<String> labels(String svg, String anchor) {
        Matcher m = Pattern.compile("text-anchor=\"" + anchor + "\">([^<]*)</text>").matcher(svg);
        return m.results().map(r -> r.group(1)).toList();
    }

    @Test
    void worker_counts_get_whole_ticks_and_values_round_ones_from_zero() {
        List<double[]> points = List.of(new double[] {1, 4.9}, new double[] {2, 9.7}, new double[] {4, 19.0},
                new double[] {8, 36.1});

        String svg = SvgLineChart.render("throughput", "req/s", List.of(new SvgLineChart.Series("sync", "sync", false,
                points)));

        assertThat(labels(svg, "middle")).startsWith("0", "1", "2").doesNotContain("0.5", "1.5").contains("8");
        assertThat(labels(svg, "end")).startsWith("0", "10", "20").contains("40");
        assertThat(svg).contains("<polyline class=\"line sync\"");
    }

    @Test
    void names_in_the_chart_are_escaped() {
        String svg = SvgLineChart.render("<b>", "ms", List.of(new SvgLineChart.Series("a&b", "async", true,
                List.<double[]>of(new double[] {1, 1}))));

        assertThat(svg).contains("aria-label=\"&lt;b&gt;\"").contains("a&amp;b").doesNotContain("a&b");
    }
}
