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
        // Two warm bursts, discarded, then three of 20 at io=100: the slowest takes 100 + 2 + 19 x 0.5
        // (rounded up by Gatling).
        for (int w = 1; w <= 2; w++) {
            for (int i = 0; i < 20; i++) {
                csv.add("burst warm " + w + ",6000,300,true,async-1," + i + ",0.0");
            }
        }
        for (int b = 1; b <= 3; b++) {
            for (int i = 0; i < 20; i++) {
                int rt = 102 + (int) Math.ceil(i * 0.5);
                csv.add("burst " + b + "," + (5000 + rt) + "," + rt + ",true,async-1," + i + ",0.0");
            }
        }
        RunSimulation.Costs costs = RunSimulation.Costs.of(csv, 1.2);
        assertThat(costs.roundTripMs()).isEqualTo(2);
        assertThat(costs.serialMs()).isCloseTo(10.0 / 19, within(1e-9)); // (112 - 100 - 2) / 19
        assertThat(costs.holdMs()).isEqualTo(1.2);
        assertThat(RunSimulation.Costs.aloneIds(csv)).containsExactly(1L, 1L, 1L, 1L, 1L);
    }

    @Test
    void without_the_balancers_timeline_a_slot_is_held_for_the_whole_round_trip() {
        List<String> csv = List.of(RequestLog.HEADER, "alone,1000,4,true,sync-1,1,0.1");
        assertThat(RunSimulation.Costs.of(csv, Double.NaN).holdMs()).isEqualTo(4);
        assertThat(RunSimulation.Costs.of(csv, 9).holdMs()).as("never more than the round trip").isEqualTo(4);
    }

    @Test
    void the_hold_is_the_median_dispatch_to_end_of_the_lone_requests_in_the_balancers_timeline() throws Exception {
        String timeline = """
                {"requests": [
                  {"id": 7, "dispatchUs": 1000, "endUs": 2500},
                  {"id": 8, "dispatchUs": 5000, "endUs": 6000},
                  {"id": 9, "dispatchUs": 9000, "endUs": 11000},
                  {"id": 10, "dispatchUs": null, "endUs": 12000},
                  {"id": 99, "dispatchUs": 0, "endUs": 900000}
                ]}""";
        assertThat(SlotHold.fromTimeline(timeline, List.of(7L, 8L, 9L, 10L))).isEqualTo(1.5);
        assertThat(SlotHold.fromTimeline(timeline, List.of(42L))).isNaN();
    }

    @Test
    void a_pool_too_small_for_bursts_has_no_serial_cost() {
        List<String> csv = List.of(RequestLog.HEADER, "alone,1000,4,true,sync-1,1,0.1", "alone,1004,4,true,sync-1,2,0.1");
        assertThat(RunSimulation.Costs.of(csv, 1.5)).isEqualTo(new RunSimulation.Costs(4, 0, 1.5));
    }
}
