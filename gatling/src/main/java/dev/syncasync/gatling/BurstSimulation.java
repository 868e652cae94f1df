package dev.syncasync.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.syncasync.theory.Prediction;

/**
 * {@code users} clients each send one {@code GET /work?io=T} at the same instant. On c slots
 * they finish in exact waves, {@code ceil(users / c)} of them, T apart: the sync pool of 4
 * runs 100 requests in 25 waves, the async pool in one. T is {@code io} plus the measured
 * round trip of an empty request. Asserted: p50, p95 and max no faster than the waves of
 * {@code io} alone and no more than 10% slower than the waves of T, and no failure.
 */
abstract class BurstSimulation extends LabSimulation {

    BurstSimulation(int defaultUsers, int defaultIo) {
        int users = param("users", Params.integer("users", defaultUsers, 1, 10_000));
        int io = param("io", Params.integer("io", defaultIo, 1, 60_000));
        String name = users + " at once, io=" + io;
        // Every wave takes io plus the round trip that hands a slot its next request.
        double t = io + overheadMs;
        expect(name, Prediction.batch(users, lab.slotsFor(users), t, serialMs), tenPercentAbove(io / (t + users * serialMs)),
                "p50", "p95", "max");
        setUp(warmUpThen(scenario(name).exec(work(name, "io=" + io)).injectOpen(atOnceUsers(users))))
                .protocols(protocol())
                .assertions(assertionsOf());
    }

    @Override
    protected String loadModel() {
        return "closed";
    }
}
