package dev.syncasync.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the load generator's own costs from Calibrate's requests.csv. */
class CalibrationCostsTest {

    @Test
    void the_round_trip_is_the_median_of_the_lone_requests_and_the_serial_cost_comes_from_the_slowest_of_a_burst() {
        List<String> csv = new ArrayList<>();
        csv.add(RequestLog.HEADER);
        for (int rt : new int[] {2, 3, 2, 9, 2}) {
            csv.add("alone,1000," + rt + ",true,async-1,1,0.1");
        }
        // Three bursts of 20 at io=100: the slowest takes 100 + 2 + 19 x 0.5 (rounded up by Gatling).
        for (int b = 1; b <= 3; b++) {
            for (int i = 0; i < 20; i++) {
                int rt = 102 + (int) Math.ceil(i * 0.5);
                csv.add("burst " + b + "," + (5000 + rt) + "," + rt + ",true,async-1," + i + ",0.0");
            }
        }
        RunSimulation.Costs costs = RunSimulation.Costs.of(csv);
        assertThat(costs.roundTripMs()).isEqualTo(2);
        assertThat(costs.serialMs()).isCloseTo(10.0 / 19, within(1e-9)); // (112 - 100 - 2) / 19
    }

    @Test
    void a_pool_too_small_for_bursts_has_no_serial_cost() {
        List<String> csv = List.of(RequestLog.HEADER, "alone,1000,4,true,sync-1,1,0.1", "alone,1004,4,true,sync-1,2,0.1");
        assertThat(RunSimulation.Costs.of(csv)).isEqualTo(new RunSimulation.Costs(4, 0));
    }
}
