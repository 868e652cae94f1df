package dev.syncasync.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkRequestTest {

    private static WorkRequest parse(String query) {
        return WorkRequest.parse(QueryString.parse(query));
    }

    @Test
    void absent_parameters_default_to_zero_and_the_worker_default() {
        WorkRequest request = parse("");
        assertThat(request.ioMs()).isZero();
        assertThat(request.cpuMs()).isZero();
        assertThat(request.offloadOr(true)).isTrue();
        assertThat(request.offloadOr(false)).isFalse();
    }

    @Test
    void valid_parameters_are_read_and_a_tag_changes_nothing() {
        WorkRequest request = parse("io=1000&cpu=60000&offload=true&tag=burst-1");
        assertThat(request).isEqualTo(new WorkRequest(1000, 60000, true));
    }

    @Test
    void db_is_read_beside_io_and_cpu_and_defaults_to_no_database() {
        assertThat(parse("io=10&db=200&cpu=5")).isEqualTo(new WorkRequest(10, 5, null, 200));
        assertThat(parse("io=10").dbMs()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            oi=1000         | oi
            io=5&cachebuster=7 | cachebuster
            =5              | ''
            """)
    void an_unknown_parameter_is_refused_naming_it(String query, String parameter) {
        assertThatThrownBy(() -> parse(query))
                .isInstanceOfSatisfying(BadParameterException.class, e -> {
                    assertThat(e.parameter()).isEqualTo(parameter);
                    assertThat(e.getMessage()).isEqualTo("unknown parameter '" + parameter
                            + "': /work takes io, cpu, db, offload, tag");
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            io=-1           | io
            io=abc          | io
            io=60001        | io
            io=1.5          | io
            io=             | io
            io=1&io=2       | io
            io=99999999999  | io
            cpu=x           | cpu
            cpu=%2B5        | cpu
            cpu=%D9%A1      | cpu
            offload=maybe   | offload
            db=-1           | db
            db=60001        | db
            db=0.2          | db
            db=1&db=2       | db
            io=%zz          | io
            """)
    void an_invalid_value_is_refused_naming_the_parameter(String query, String parameter) {
        assertThatThrownBy(() -> parse(query))
                .isInstanceOfSatisfying(BadParameterException.class, e -> {
                    assertThat(e.parameter()).isEqualTo(parameter);
                    assertThat(e.getMessage()).startsWith(parameter + " ");
                    JsonNode json = readJson(e.toJson());
                    assertThat(json.get("parameter").asText()).isEqualTo(parameter);
                    assertThat(json.get("error").asText()).isEqualTo(e.getMessage());
                });
    }

    @Test
    void cpu_burn_uses_the_requested_thread_cpu_time() {
        long used = CpuBurner.burn(30);
        assertThat(used).isGreaterThanOrEqualTo(30_000_000L).isLessThan(200_000_000L);
    }

    @Test
    void cpu_burn_on_a_virtual_thread_uses_the_cpu_time_of_its_carrier() throws Exception {
        long[] usedAndCarrier = new long[2];
        Thread.ofVirtual().start(() -> {
            usedAndCarrier[0] = CpuBurner.burn(30);
            usedAndCarrier[1] = ThreadCpuClock.carrierId(Thread.currentThread());
        }).join();

        // Without the carrier's clock it would spin on a clock that never moves, or on wall time.
        assertThat(usedAndCarrier[1]).as("the carrier thread's id").isPositive();
        assertThat(usedAndCarrier[0]).isGreaterThanOrEqualTo(30_000_000L).isLessThan(200_000_000L);
    }

    @Test
    void json_escapes_what_it_must() {
        assertThat(Json.object().put("a", "x\"y\\z\n").put("n", 3).putMillis("ms", 1.23456).toString())
                .isEqualTo("{\"a\":\"x\\\"y\\\\z\\n\",\"n\":3,\"ms\":1.235}");
    }

    private static JsonNode readJson(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
