package dev.syncasync.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncasync.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void no_options_give_the_defaults_and_a_run_of_about_a_minute() {
        BenchOptions o = BenchOptions.parse(new String[0]);

        assertThat(o).isEqualTo(BenchOptions.defaults());
        assertThat(o.command()).isEqualTo("./lab bench");
        assertThat(o.writes()).isTrue();
        assertThat(o.plannedSeconds()).isBetween(60, 120);
    }

    @Test
    void options_are_read_and_kept_in_the_command_the_report_shows() {
        String[] args = {"--seconds", "3", "--rounds=2", "--connections", "8", "--rate", "4000", "--out", "-"};

        BenchOptions o = BenchOptions.parse(args);

        assertThat(o.seconds()).isEqualTo(3);
        assertThat(o.rounds()).isEqualTo(2);
        assertThat(o.connections()).isEqualTo(8);
        assertThat(o.rate()).isEqualTo(4_000);
        assertThat(o.writes()).isFalse();
        assertThat(o.command()).isEqualTo("./lab bench --seconds 3 --rounds=2 --connections 8 --rate 4000 --out -");
    }

    @Test
    void an_unknown_option_or_a_value_out_of_range_is_a_config_error() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--speed", "9"}))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown option --speed");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--seconds", "0"}))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--seconds: must be an integer in 1..60");
    }
}
