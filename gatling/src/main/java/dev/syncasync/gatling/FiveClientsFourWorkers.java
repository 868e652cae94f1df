package dev.syncasync.gatling;

/**
 * The first reference argument: 5 clients at once on 4 blocking workers. Four are served
 * at once and the fifth waits a whole {@code io} for a free worker: sync max = 2T, async
 * max = T. {@code -Dusers=5 -Dio=1000} by default.
 */
public class FiveClientsFourWorkers extends BurstSimulation {

    public FiveClientsFourWorkers() {
        super(5, 1000);
    }
}
