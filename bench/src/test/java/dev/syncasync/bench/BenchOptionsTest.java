package dev.syncasync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class BenchOptionsTest {

    @Test
    void no_options_give_the_pinned_defaults_and_a_run_of_about_a_minute() {
        BenchOptions o = BenchOptions.parse(new String[0]);

        assertThat(o).isEqualTo(BenchOptions.defaults());
        assertThat(o.command()).isEqualTo("./lab bench");
        assertThat(o.layout()).isEqualTo(Layout.Kind.PINNED);
        assertThat(o.compareShared()).isFalse();
        assertThat(o.writes()).isTrue();
        assertThat(o.plannedSeconds()).isBetween(60, 120);
    }

    @Test
    void options_are_read_and_kept_in_the_command_the_report_shows() {
        String[] args = {"--seconds", "3", "--rounds=2", "--connections", "8", "--rate", "4000", "--out", "-",
            "--layout", "shared"};

        BenchOptions o = BenchOptions.parse(args);

        assertThat(o.seconds()).isEqualTo(3);
        assertThat(o.rounds()).isEqualTo(2);
        assertThat(o.connections()).isEqualTo(8);
        assertThat(o.rate()).isEqualTo(4_000);
        assertThat(o.writes()).isFalse();
        assertThat(o.layout()).isEqualTo(Layout.Kind.SHARED);
        assertThat(o.command()).isEqualTo(
                "./lab bench --seconds 3 --rounds=2 --connections 8 --rate 4000 --out - --layout shared");
    }

    @Test
    void compare_shared_is_a_flag_without_a_value_and_doubles_the_planned_time() {
        BenchOptions o = BenchOptions.parse(new String[] {"--compare-shared", "--rounds", "2"});

        assertThat(o.compareShared()).isTrue();
        assertThat(o.rounds()).isEqualTo(2);
        assertThat(o.plannedSeconds()).isEqualTo(2 * o.loadSeconds());
        assertThat(o.command()).isEqualTo("./lab bench --compare-shared --rounds 2");
    }

    @Test
    void an_unknown_option_a_value_out_of_range_or_a_comparison_without_pinning_is_a_usage_error() {
        assertThatThrownBy(() -> BenchOptions.parse("--speed", "9"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("Unknown options: '--speed', '9'");
        assertThatThrownBy(() -> BenchOptions.parse("--seconds", "0"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("'--seconds': must be in 1..60, got 0");
        assertThatThrownBy(() -> BenchOptions.parse("--rounds", "many"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("'many' is not an int");
        assertThatThrownBy(() -> BenchOptions.parse("--layout", "shared", "--compare-shared"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("nothing to compare");
    }
}
