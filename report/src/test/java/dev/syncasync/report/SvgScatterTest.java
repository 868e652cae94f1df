package dev.syncasync.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgScatterTest {

    private static final List<SvgScatter.Key> KEYS = List.of(new SvgScatter.Key("answer", "#1f78b4", true));

    @Test
    void both_axes_share_one_scale_so_a_run_measured_as_predicted_sits_on_the_diagonal() {
        String svg = SvgScatter.render("p99", "predicted", "measured", 0.15, List.of(
                new SvgScatter.Dot(100, 100, "#1f78b4", true, "on the line"),
                new SvgScatter.Dot(50, 60, "#d62728", false, "20% above")), KEYS);

        // Both axes end at 100 (ticks of 20) on a 400-pixel square from (64, 424) to (464, 24).
        assertThat(svg).contains("<circle cx=\"464.0\" cy=\"24.0\"", "<circle cx=\"264.0\" cy=\"184.0\"");
        // The diagonal, and the band's lower edge y = 0.85 x reaching the right side at 85.
        assertThat(svg).contains("x1=\"64.0\" y1=\"424.0\" x2=\"464.0\" y2=\"24.0\" stroke=\"#333\"",
                "464.0,84.0");
        assertThat(svg).as("the second dot is hollow").contains("fill=\"#fff\"><title>20% above</title>");
    }

    @Test
    void a_run_without_a_measurement_is_left_out_and_the_file_stands_alone() {
        String svg = SvgScatter.render("p99", "predicted", "measured", 0.15, List.of(
                new SvgScatter.Dot(100, Double.NaN, "#1f78b4", true, "no measurement"),
                new SvgScatter.Dot(80, 90, "#1f78b4", true, "a<b")), KEYS);

        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").doesNotContain("no measurement")
                .contains("a&lt;b", "+-15% band", "measured = predicted");
    }
}
