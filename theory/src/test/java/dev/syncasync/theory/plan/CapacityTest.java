package dev.syncasync.theory.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.syncasync.theory.ErlangC;
import dev.syncasync.theory.PoissonSchedule;
import dev.syncasync.theory.SlotQueue;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The planner's answers on cases worked out by hand, and its forecasts against Erlang C's closed forms. */
class CapacityTest {

    private static final Costs COSTS = Costs.LAB; // round trip 4 ms, slot hold 3 ms
    private static final Demand THIRTY_OF_100_MS = new Demand(30, 100, 0, 2, 24_000);
    private static final Objective P99_250 = Objective.parse("p99=250ms");

    @Test
    void thirty_per_second_of_100_ms_is_three_erlangs_and_needs_five_one_thread_sync_workers_for_p99_250_ms() {
        // 30/s x (100 + 3) ms = 3.09 erlangs: 4 slots are the fewest with a steady state (77% busy),
        // and their p99 is Erlang C's: with c = 4, a = 3.09, P(wait) = 0.55 and the wait's p99
        // ln(0.55 / 0.01) / (4/103 - 30/1000) per ms = 453 ms, halved for deterministic service 227 ms,
        // + 104 ms of work and round trip = 330 ms > 250. Five slots (62%): P(wait) 0.26,
        // ln(26) / (5/103 - 0.03) = 175 ms, halved 88, + 104 = 192 ms <= 250.
        PoolPlan sync = new SyncPool(1).plan(THIRTY_OF_100_MS, P99_250, COSTS, 1);

        assertThat(THIRTY_OF_100_MS.offeredLoad(103)).isCloseTo(3.09, within(1e-9));
        assertThat(sync.verdict()).isEqualTo(PoolPlan.Verdict.MEETS);
        assertThat(sync.workers()).isEqualTo(5);
        assertThat(sync.perWorker()).isEqualTo(1);
        assertThat(sync.forecast().utilisation()).isCloseTo(0.618, within(1e-3));
        assertThat(sync.forecast().p99()).isLessThanOrEqualTo(250).isCloseTo(192, within(192 * 0.15));
        assertThat(sync.forecast().p50()).as("most requests never wait: io + round trip").isEqualTo(104);
        assertThat(sync.smallerWorkers()).isEqualTo(4);
        assertThat(sync.smaller().p99()).isGreaterThan(250).isCloseTo(330, within(330 * 0.15));
    }

    @Test
    void the_async_pool_takes_waiting_work_in_one_wave_on_one_event_loop() {
        PoolPlan async = new AsyncPool().plan(THIRTY_OF_100_MS, P99_250, COSTS, 1);

        assertThat(async.verdict()).isEqualTo(PoolPlan.Verdict.MEETS);
        assertThat(async.workers()).isEqualTo(1);
        assertThat(async.smaller()).isNull();
        // Each request holds the loop for its 0.1 ms of handling: 0.3% busy, nobody waits noticeably.
        assertThat(async.forecast().p99()).isCloseTo(104, within(1.0));
        assertThat(async.memoryMiB()).isCloseTo(125.8 + 103.1, within(0.1));
    }

    @Test
    void sync_memory_is_the_balancer_plus_one_measured_jvm_per_worker_plus_the_requests_in_flight() {
        PoolPlan sync = new SyncPool(1).plan(THIRTY_OF_100_MS, P99_250, COSTS, 1);

        // 125.8 + 5 x 88.5, and about 30/s x 0.11 s = 3.3 requests in flight of 12.2 KiB.
        assertThat(sync.memoryMiB()).isCloseTo(125.8 + 5 * 88.5 + 3.3 * 12.2 / 1024, within(0.05));
    }

    @Test
    void threads_per_worker_round_the_slots_up_to_whole_workers() {
        PoolPlan sync = new SyncPool(4).plan(THIRTY_OF_100_MS, P99_250, COSTS, 1);

        // Five slots are needed: one worker of 4 threads misses (the 4-slot p99 above), two meet with 8.
        assertThat(sync.workers()).isEqualTo(2);
        assertThat(sync.forecast().slots()).isEqualTo(8);
        assertThat(sync.smaller().slots()).isEqualTo(4);
        // Two JVMs and six further threads of at most 512 KiB of stack.
        assertThat(sync.memoryMiB()).isCloseTo(125.8 + 2 * 88.5 + 6 * 0.5, within(0.1));
    }

    @Test
    void async_with_cpu_needs_a_loop_per_busy_core_and_cannot_use_more_loops_than_cores() {
        // 60/s x (20 + 0.1) ms = 1.2 cores busy: one loop cannot keep up, two can.
        Demand cpu = new Demand(60, 0, 20, 2, 24_000);
        PoolPlan two = new AsyncPool().plan(cpu, Objective.parse("p99=200ms"), COSTS, 1);
        assertThat(two.verdict()).isEqualTo(PoolPlan.Verdict.MEETS);
        assertThat(two.workers()).isEqualTo(2);
        assertThat(two.smaller().stable()).isFalse();

        PoolPlan one = new AsyncPool().plan(new Demand(60, 0, 20, 1, 24_000), Objective.parse("p99=200ms"), COSTS, 1);
        assertThat(one.verdict()).isEqualTo(PoolPlan.Verdict.CANNOT_CARRY);
        assertThat(one.reason()).contains("the workers' 1 core cannot carry 60 req/s").contains("20.1 ms of CPU");

        // Two loops at 60% and 20 ms each: p99 = 24 ms (the least) is out of reach; no third loop on 2 cores.
        PoolPlan tight = new AsyncPool().plan(cpu, Objective.parse("p99=25ms"), COSTS, 1);
        assertThat(tight.verdict()).isEqualTo(PoolPlan.Verdict.CANNOT_MEET);
        assertThat(tight.workers()).isEqualTo(2);
    }

    @Test
    void the_virtual_pool_takes_waiting_work_in_one_wave_on_one_worker_whatever_the_rate() {
        // Waiting holds no carrier: the carriers (2, one per core) are held only for 0.4 ms of
        // handling, 30/s x 0.4 ms = 0.012 erlangs: nobody waits, p99 = io + round trip = 104 ms.
        PoolPlan virtual = new VirtualPool(0).plan(THIRTY_OF_100_MS, P99_250, COSTS, 1);

        assertThat(virtual.verdict()).isEqualTo(PoolPlan.Verdict.MEETS);
        assertThat(virtual.workers()).isEqualTo(1);
        assertThat(virtual.perWorker()).as("no limit at once").isZero();
        assertThat(virtual.forecast().slots()).as("the carriers").isEqualTo(2);
        assertThat(virtual.forecast().p99()).isEqualTo(104);
        assertThat(virtual.smaller()).isNull();
        // The balancer, one JVM (the sync worker's 88.5 MiB), and 30/s x 0.104 s = 3.1 requests in flight,
        // each 12.2 KiB allocated plus an 854-byte virtual thread.
        assertThat(virtual.memoryMiB()).isCloseTo(125.8 + 88.5 + 3.12 * (12.2 + 0.834) / 1024, within(0.01));
    }

    @Test
    void virtual_workers_capped_at_two_at_once_are_sized_like_sync_workers_of_two_threads() {
        // max-concurrent 2: slots of io + hold as a sync thread's; five slots are needed (the hand
        // case above), so 3 workers (6 slots) meet and 2 (4 slots, p99 about 330 ms) miss.
        PoolPlan capped = new VirtualPool(2).plan(THIRTY_OF_100_MS, P99_250, COSTS, 1);
        PoolPlan sync = new SyncPool(2).plan(THIRTY_OF_100_MS, P99_250, COSTS, 1);

        assertThat(capped.workers()).isEqualTo(3);
        assertThat(capped.forecast().slots()).isEqualTo(6);
        assertThat(capped.smallerWorkers()).isEqualTo(2);
        assertThat(capped.smaller().p99()).isGreaterThan(250).isCloseTo(330, within(330 * 0.15));
        assertThat(capped.forecast()).isEqualTo(sync.forecast());
    }

    @Test
    void virtual_computation_queues_for_one_carrier_per_core_and_more_workers_add_none() {
        // 60/s x (20 + 0.4) ms = 1.22 cores busy. On 2 carriers at 61%, Erlang C: a = 1.224, C = 0.465,
        // p99 wait = ln(46.5) / (2/20.4 - 0.06) = 101 ms, halved 50 ms, + 50 + 20 + 4 = 124 ms <= 200.
        Demand cpu = new Demand(60, 50, 20, 2, 24_000);
        PoolPlan two = new VirtualPool(0).plan(cpu, Objective.parse("p99=200ms"), COSTS, 1);
        assertThat(two.verdict()).isEqualTo(PoolPlan.Verdict.MEETS);
        assertThat(two.workers()).isEqualTo(1);
        assertThat(two.forecast().utilisation()).isCloseTo(0.612, within(1e-3));
        assertThat(two.forecast().p99()).isCloseTo(124, within(124 * 0.15));

        // p99 = 75 ms: the least is 74; no worker count adds a carrier, so none meets it.
        PoolPlan tight = new VirtualPool(0).plan(cpu, Objective.parse("p99=75ms"), COSTS, 1);
        assertThat(tight.verdict()).isEqualTo(PoolPlan.Verdict.CANNOT_MEET);
        assertThat(tight.reason()).contains("more carriers than the 2 cores");

        // One core: 1.22 cores of work cannot be carried.
        PoolPlan one = new VirtualPool(0).plan(new Demand(60, 50, 20, 1, 24_000), Objective.parse("p99=200ms"), COSTS, 1);
        assertThat(one.verdict()).isEqualTo(PoolPlan.Verdict.CANNOT_CARRY);
        assertThat(one.reason()).contains("the workers' 1 core cannot carry 60 req/s").contains("20.4 ms of CPU");
    }

    @Test
    void a_configuration_bigger_than_the_machines_memory_is_said_to_be_so() {
        PoolPlan sync = new SyncPool(1).plan(new Demand(30, 100, 0, 2, 500), P99_250, COSTS, 1);

        assertThat(sync.verdict()).isEqualTo(PoolPlan.Verdict.CANNOT_CARRY);
        assertThat(sync.workers()).isEqualTo(5);
        assertThat(sync.reason()).isEqualTo("needs about 568 MiB, the machine has 500 MiB");
    }

    @Test
    void an_objective_below_the_service_time_is_impossible_whatever_the_size() {
        assertThat(Capacity.impossible(THIRTY_OF_100_MS, Objective.parse("p99=100ms"), COSTS)).get().asString()
                .contains("p99 <= 100 ms is below what a request takes when it waits for nothing: io 100 + cpu 0 + "
                        + "round trip 4 = 104 ms");
        assertThat(Capacity.impossible(THIRTY_OF_100_MS, Objective.parse("p99=104ms"), COSTS)).isEmpty();
        assertThat(Capacity.impossible(THIRTY_OF_100_MS, Objective.parse("wait=0ms"), COSTS)).isEmpty();
    }

    @Test
    void a_rate_beyond_the_cores_is_carried_by_no_kind() {
        // 100 ms of CPU per request on 2 cores: 20 req/s at most.
        List<PoolPlan> plans = Capacity.plan(new Demand(30, 0, 100, 2, 24_000), Objective.parse("p99=10s"), COSTS, 1,
                Capacity.kinds(1));

        assertThat(plans).extracting(PoolPlan::kind).containsExactly("sync", "async", "virtual");
        assertThat(plans).allMatch(p -> p.verdict() == PoolPlan.Verdict.CANNOT_CARRY && p.forecast() == null);
        assertThat(plans.get(0).reason()).contains("at most 19 req/s"); // 2000 / 100.4
    }

    @Test
    void a_wait_objective_is_judged_on_the_queue_wait_alone() {
        // p99 of the wait <= 0: fewer than 1% may wait at all. Erlang C: 7 slots P(wait) 4.3%, 8: 1.5%, 9: 0.5%.
        PoolPlan sync = new SyncPool(1).plan(THIRTY_OF_100_MS, Objective.parse("wait=0ms"), COSTS, 1);

        assertThat(sync.workers()).isEqualTo(9);
        assertThat(sync.forecast().waitP99()).isZero();
        assertThat(sync.forecast().waited()).isLessThan(0.01);
        assertThat(sync.smaller().waited()).isGreaterThan(0.01);
    }

    @ParameterizedTest(name = "{0}/s on {1} slots of {2} ms")
    @CsvSource({"30, 4, 103", "30, 5, 103", "36, 5, 103", "100, 7, 53", "100, 6, 53", "7, 1, 103"})
    void the_forecast_agrees_with_erlang_c_halved_for_deterministic_service(double rate, int c, double hold) {
        double[] arrivals = PoissonSchedule.draw(rate, Forecast.ARRIVALS / rate * 1000, 7);
        double[] waits = SlotQueue.waits(arrivals, c, hold);
        double lambda = rate / 1000;
        double waited = Arrays.stream(waits).filter(w -> w > 0).count() / (double) waits.length;
        double mean = Arrays.stream(waits).average().orElseThrow();
        double[] sorted = waits.clone();
        Arrays.sort(sorted);

        // M/D/c waits less often than M/M/c, and about half as long (exact for c = 1, Pollaczek-Khinchine).
        assertThat(waited).isBetween(ErlangC.probabilityOfWaiting(lambda, c, hold) * 0.85,
                ErlangC.probabilityOfWaiting(lambda, c, hold) * 1.03);
        // The halving is an approximation (exact for c = 1): within 20% for the mean, 15% for the p99 at 60-90%.
        assertThat(mean).isCloseTo(ErlangC.meanWaitDeterministic(lambda, c, hold),
                within(ErlangC.meanWaitDeterministic(lambda, c, hold) * 0.20));
        assertThat(Forecast.rank(sorted, 0.99)).isCloseTo(ErlangC.waitPercentile(lambda, c, hold, 0.99) / 2,
                within(ErlangC.waitPercentile(lambda, c, hold, 0.99) / 2 * 0.15));
    }

    @Test
    void one_slot_waits_as_long_as_pollaczek_khinchine_says() {
        // M/D/1 at 70%: mean wait = rho T / (2 (1 - rho)) = 0.7 x 100 / 0.6 = 116.7 ms.
        double[] arrivals = PoissonSchedule.draw(7, Forecast.ARRIVALS / 7.0 * 1000, 3);
        double mean = Arrays.stream(SlotQueue.waits(arrivals, 1, 100)).average().orElseThrow();

        assertThat(mean).isCloseTo(116.7, within(116.7 * 0.05));
    }

    @Test
    void the_search_finds_the_smallest_size_that_meets_or_says_there_is_none() {
        assertThat(Capacity.smallest(4, 1024, n -> n >= 5)).isEqualTo(5);
        assertThat(Capacity.smallest(4, 1024, n -> n >= 4)).isEqualTo(4);
        assertThat(Capacity.smallest(1, 1024, n -> n >= 700)).isEqualTo(700);
        assertThat(Capacity.smallest(1, 2, n -> n >= 3)).isEqualTo(-1);
        assertThat(Capacity.smallest(3, 2, n -> true)).isEqualTo(-1);
    }

    @Test
    void objectives_read_as_a_percentile_or_the_queue_wait_with_a_unit() {
        assertThat(Objective.parse("p99=250ms")).isEqualTo(new Objective(false, 0.99, 250));
        assertThat(Objective.parse("p50=120")).isEqualTo(new Objective(false, 0.50, 120));
        assertThat(Objective.parse("p99.9=1s").quantile()).isCloseTo(0.999, within(1e-12));
        assertThat(Objective.parse("p99.9=1s").limitMs()).isEqualTo(1000);
        assertThat(Objective.parse("wait=20ms")).isEqualTo(new Objective(true, 0.99, 20));
        assertThat(Objective.parse("p99.9=1s").describe()).isEqualTo("p99.9 <= 1000 ms");
        assertThat(Objective.parse("wait=20ms").describe()).isEqualTo("wait p99 <= 20 ms");
        assertThatThrownBy(() -> Objective.parse("99=250")).hasMessageContaining("must be pNN=<time>");
        assertThatThrownBy(() -> Objective.parse("p99=fast")).hasMessageContaining("got 'p99=fast'");
        assertThatThrownBy(() -> Objective.parse("p0=5")).hasMessageContaining("between 0 and 100");
    }
}
