package dev.syncasync.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class ChaosOptionsTest {

    @Test
    void without_options_it_kills_the_first_of_two_sync_workers_under_a_bounded_open_load() {
        ChaosOptions options = ChaosOptions.parse();

        assertThat(options.action()).isEqualTo(ChaosOptions.Action.KILL);
        assertThat(options.worker()).isEqualTo(1);
        assertThat(options.lab().toString()).isEqualTo("sync x2");
        assertThat(options.simulation()).isEqualTo("OpenModelRamp");
        assertThat(options.parameters()).contains("rates=20", "duration=30");
    }

    @Test
    void a_simulation_takes_the_key_value_pairs_after_it() {
        ChaosOptions options = ChaosOptions.parse("--pause", "--worker", "2", "--simulation", "HundredRequests",
                "users=20", "io=50");

        assertThat(options.action()).isEqualTo(ChaosOptions.Action.PAUSE);
        assertThat(options.worker()).isEqualTo(2);
        assertThat(options.parameters()).containsExactly("users=20", "io=50");
    }

    @Test
    void a_worker_outside_the_lab_is_refused() {
        assertThatThrownBy(() -> ChaosOptions.parse("--worker", "3"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("--worker must be in 1..2");
    }

    @Test
    void an_unknown_option_is_named() {
        assertThatThrownBy(() -> ChaosOptions.parse("--explode"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("--explode");
    }

    @Test
    void both_option_syntaxes_work_and_only_one_action_is_allowed() {
        assertThat(ChaosOptions.parse("--restart", "--worker=2", "--workers=3").worker()).isEqualTo(2);
        assertThatThrownBy(() -> ChaosOptions.parse("--kill", "--pause"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("mutually exclusive");
    }
    @Test
    void the_virtual_pool_has_no_limit_and_a_database_load_gets_a_database() {
        ChaosOptions options = ChaosOptions.parse("--topology", "virtual", "--simulation", "DatabaseBottleneck",
                "users=20", "db=100");

        assertThat(options.lab().topology()).isEqualTo("virtual");
        assertThat(options.lab().threads()).isZero();
        assertThat(options.lab().dbPoolSize()).isEqualTo(SweepConfig.DEFAULT_DB_POOL_SIZE);
        assertThat(options.parameters()).containsExactly("users=20", "db=100", "dbPool=4");
        assertThat(ChaosOptions.parse().lab().hasDatabase()).isFalse();
    }

}
