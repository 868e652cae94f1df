package dev.syncasync.balancer.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The burst control's theory, worked out by hand from DESIGN's formulas. */
class BurstPredictionTest {

    @Test
    void twenty_at_once_on_four_slots_ride_five_waves_of_t() {
        BurstPrediction p = BurstPrediction.of(new BurstRequest(20, 500, 0), 4, 2);

        assertThat(p.waves()).isEqualTo(5);
        assertThat(p.slots()).isEqualTo(4);
        assertThat(p.makespan()).isEqualTo(2500);
        assertThat(p.p50()).isEqualTo(1500);
        assertThat(p.p95()).isEqualTo(2500);
        // (4 x 500 + 4 x 1000 + ... + 4 x 2500) / 20
        assertThat(p.mean()).isEqualTo(1500);
        assertThat(p.completion(3)).isEqualTo(500);
        assertThat(p.completion(4)).isEqualTo(1000);
    }

    @Test
    void an_event_loop_pool_takes_the_whole_burst_in_one_wave() {
        // Two async workers, each capped at 512 in flight: c = n.
        BurstPrediction p = BurstPrediction.of(new BurstRequest(100, 200, 0), 1024, 2);

        assertThat(p.slots()).isEqualTo(100);
        assertThat(p.waves()).isEqualTo(1);
        assertThat(p.makespan()).isEqualTo(200);
        assertThat(p.model()).isEqualTo("batch: 100 at once on 100 slots, 1 wave of 200 ms");
    }

    @Test
    void computation_shares_the_cores_whatever_the_pool() {
        // 100 x 20 ms of cpu on 2 cores: n * cpu / cores = 1000 ms, on 4 threads or on 100 slots alike.
        BurstPrediction sync = BurstPrediction.of(new BurstRequest(100, 0, 20), 4, 2);
        BurstPrediction async = BurstPrediction.of(new BurstRequest(100, 0, 20), 1024, 2);

        assertThat(sync.makespan()).isEqualTo(1000);
        assertThat(async.makespan()).isEqualTo(1000);
        assertThat(sync.waveMs()).isEqualTo(40);
        assertThat(sync.waves()).isEqualTo(25);
    }

    @Test
    void waves_are_counted_where_answers_lie_more_than_half_a_wave_apart() {
        double[] twoWaves = {601, 602, 605, 610, 1203};
        double[] oneWave = {560, 561, 590, 640, 654};

        assertThat(BurstRun.waves(twoWaves, 300)).isEqualTo(2);
        assertThat(BurstRun.waves(oneWave, 250)).isEqualTo(1);
        assertThat(BurstRun.waves(new double[0], 250)).isZero();
    }

    @Test
    void a_burst_asks_for_work_with_a_tag_the_timeline_shows() {
        BurstRequest r = BurstRequest.parse(MultiMap.caseInsensitiveMultiMap().add("n", "20").add("io", "500"));

        assertThat(r).isEqualTo(new BurstRequest(20, 500, 0));
        assertThat(r.uri(7)).isEqualTo("/work?io=500&cpu=0&tag=burst-7");
        assertThat(Sampler.tag(r.uri(7))).isEqualTo("burst-7");
        assertThat(Sampler.tag("/work?io=5")).isNull();
        assertThat(Sampler.tag("/work")).isNull();
    }

    @Test
    void the_measured_round_trip_comes_on_top_of_every_answer_and_widens_short_bands_only() {
        BurstPrediction p = BurstPrediction.of(new BurstRequest(20, 500, 0), 4, 2).withRoundTrip(3);

        assertThat(p.completion(0)).isEqualTo(503);
        assertThat(p.makespan()).isEqualTo(2503);
        assertThat(p.p50()).isEqualTo(1503);
        assertThat(p.mean()).isEqualTo(1503);
        assertThat(p.band().toString()).isEqualTo("+-15% (+-6.0 ms below 100 ms)");
    }

    @Test
    void a_burst_that_lands_as_predicted_agrees_and_one_whose_last_wave_is_late_says_disagrees_and_why() {
        BurstPrediction p = BurstPrediction.of(new BurstRequest(5, 600, 0), 4, 2).withRoundTrip(2);
        BurstRun onTime = new BurstRun(1, new BurstRequest(5, 600, 0), "sync", p);
        BurstRun late = new BurstRun(2, new BurstRequest(5, 600, 0), "sync", p);
        long start = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            onTime.answered(200, start + ms(610));
            late.answered(200, start + ms(610));
        }
        onTime.answered(200, start + ms(1_215));
        late.answered(200, start + ms(2_000));

        JsonObject agrees = onTime.summary().getJsonObject("measured").getJsonObject("verdict");
        JsonObject disagrees = late.summary().getJsonObject("measured").getJsonObject("verdict");

        assertThat(agrees.getBoolean("agrees")).as(agrees.encode()).isTrue();
        assertThat(agrees.getJsonArray("outside")).isEmpty();
        assertThat(disagrees.getBoolean("agrees")).isFalse();
        // 2000 ms against 1202: the last answer and p95 (the same request) are +66%, the mean +22%.
        assertThat(disagrees.getJsonArray("outside").getList()).contains("makespan", "p95", "mean").doesNotContain("p50");
        assertThat(disagrees.getString("likelyCause")).contains("besides the work");
    }

    @Test
    void a_burst_still_running_has_no_verdict_yet() {
        BurstRun run = new BurstRun(1, new BurstRequest(2, 100, 0), "async",
                BurstPrediction.of(new BurstRequest(2, 100, 0), 1024, 2).withRoundTrip(1));
        run.answered(200, System.nanoTime());

        assertThat(run.summary().getJsonObject("measured").containsKey("verdict")).isFalse();
    }

    private static long ms(double millis) {
        return (long) (millis * 1_000_000);
    }
}
