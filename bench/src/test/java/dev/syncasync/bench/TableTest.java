package dev.syncasync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

    private final Table table = new Table("", "direct", "balancer").row("p50", "0.1 ms", "0.15 ms")
            .row("max requests/s", "50,000", "22,000");

    @Test
    void plain_text_pads_the_first_column_left_and_the_numbers_right() {
        assertThat(table.plain()).isEqualTo("""
                                  direct  balancer
                  p50             0.1 ms   0.15 ms
                  max requests/s  50,000    22,000
                """);
    }

    @Test
    void markdown_has_a_rule_that_right_aligns_the_number_columns() {
        assertThat(table.markdown()).isEqualTo("""
                |  | direct | balancer |
                | --- | ---: | ---: |
                | p50 | 0.1 ms | 0.15 ms |
                | max requests/s | 50,000 | 22,000 |
                """);
    }

    @Test
    void a_row_of_the_wrong_width_is_refused() {
        assertThatThrownBy(() -> table.row("a", "b")).isInstanceOf(IllegalArgumentException.class);
    }
}
