package dev.syncasync.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.syncasync.theory.Prediction;

/**
 * {@code users} clients each send one {@code GET /work?io=T} at the same instant. On c slots
 * they finish in waves, {@code ceil(users / c)} of them: the sync pool of 4 runs 100 requests
 * in 25 waves, the async pool in one ({@link Prediction#waves}). A wave is {@code io} plus
 * the slot's measured hold; each client also pays the rest of its measured round trip, and
 * each request of a wave the measured serial cost of the ones ahead of it. Asserted: p50, p95
 * and max within the lab's band, and no failure.
 */
abstract class BurstSimulation extends LabSimulation {

    BurstSimulation(int defaultUsers, int defaultIo) {
        int users = param("users", Params.integer("users", defaultUsers, 1, 10_000));
        int io = param("io", Params.integer("io", defaultIo, 1, 60_000));
        String name = users + " at once, io=" + io;
        expect(name, burst(users, io), burstCause(users));
        setUp(warmUpThen(scenario(name).exec(work(name, "io=" + io)).injectOpen(atOnceUsers(users))))
                .protocols(protocol())
                .assertions(assertionsOf());
    }

    @Override
    protected String loadModel() {
        return "closed";
    }
}
