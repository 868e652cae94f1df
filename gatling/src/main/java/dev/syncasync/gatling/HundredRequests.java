package dev.syncasync.gatling;

/**
 * The second reference argument: 100 requests at once. On 4 blocking workers they take 25
 * waves of {@code io}; on the event loops, one. {@code -Dusers=100 -Dio=400} by default.
 */
public class HundredRequests extends BurstSimulation {

    public HundredRequests() {
        super(100, 400);
    }
}
