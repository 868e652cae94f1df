package dev.syncasync.bench;

/**
 * The report's prose about layouts: what each one measures, why pinned is the default, and how
 * the processes of the run were set up. Fixed text around the run's own layout and numbers.
 */
final class LayoutText {

    private LayoutText() {
    }

    /** The section "Layouts: what each one measures". */
    static String section(BenchResult r) {
        Layout l = r.layout();
        String used = l.pinned() ? "This run used the **pinned** layout, the default."
                : l.fallback().isEmpty() ? "This run used the **shared** layout (`--layout shared`)."
                : "This run used the **shared** layout because pinned was not possible: " + l.fallback() + ".";
        return "## Layouts: what each one measures\n\n" + used + "\n\n"
                + "- **pinned** (the default). Two processes, each pinned to one core with `taskset`, the way a"
                + " balancer is deployed: its own process on its own core. The bench's JVM runs on one core the"
                + " load client (its event loop and the pacing thread) and the worker (one event loop); a second"
                + " JVM on another core runs the balancer: `Balancer.start` with the defaults in code and its"
                + " production threading, one event loop, with the worker as its only backend. Both JVMs get the"
                + " flags `./lab` gives every server. The direct path is client to worker on the first core; the"
                + " balancer path is the very same client and worker on the first core plus the balancer on the"
                + " second. So the two paths differ by exactly one process on a core of its own. The throughput"
                + " ratio then answers the deployment question: can the balancer, on one core, keep up with what"
                + " one core of client and worker sends it? Nothing bounds it by construction: it is the CPU per"
                + " request of client and worker on their core over the balancer's on its own (or over what the"
                + " extra hop costs client and worker, if that is more); the reading above gives both. The bar"
                + " is high: on one core client and worker talk without crossing cores and handle several"
                + " requests per wake-up, so they are cheaper per request there than on two. The added latency is the extra hop: one more loopback"
                + " round trip across cores, the balancer's own work and its own JVM's GC pauses; the client's and"
                + " the worker's scheduling and pauses are the same on both paths. Client and worker share one"
                + " JVM rather than two: a second JVM on the same core would add a JIT, a heap and GC pauses at"
                + " unrelated moments, all competing for that one core, and measure nothing of the balancer. One"
                + " JVM keeps the first core identical on both paths; its pauses stop client and worker together"
                + " and count against both paths alike.\n"
                + "- **shared** (`--layout shared`, the earlier default). One JVM runs client, balancer and worker,"
                + " each on a Vert.x instance with one event loop, on every core it may use. It measures the"
                + " balancer on a machine it shares with its own load generator. The balancer does a server's job"
                + " (read the request, write the answer) and a client's job (write the request on, read the"
                + " answer) for every request, so it costs about as much CPU as the client and the worker"
                + " together, and a request through it about twice the CPU of a direct one. When the cores run"
                + " out, the rate ratio is the inverse of that CPU ratio: it cannot exceed about 0.5 by"
                + " construction, whatever the balancer does, so there the throughput goal measures the load"
                + " generator's competition for the cores more than the balancer. The tail is shared too: three"
                + " busy event loops and the pacing thread take turns on the cores, and one GC pause stops client,"
                + " balancer and worker together.\n"
                + "- **Why pinned is the default.** It is how the balancer runs in production, and it keeps what"
                + " the balancer costs apart from what its load generator costs, so the ratio and the added"
                + " latency belong to the balancer. It hides nothing: *CPU per request* still counts every thread"
                + " of both JVMs, and the shared layout is one flag away (see the comparison below). Pinned needs"
                + " 2 cores and `taskset` (util-linux); without them `./lab bench` falls back to shared, prints"
                + " why, and says so here.\n\n";
    }

    /** The "How it is measured" bullet about processes and threads, for the run's layout. */
    static String processesBullet(BenchResult r) {
        Layout l = r.layout();
        if (l.pinned()) {
            return "- **Two JVMs, pinned after the warm-up.** The bench's JVM first checks that taskset may set its"
                    + " affinity (if not, it falls back to shared), then starts the worker, the client and the"
                    + " balancer's JVM (`java ... BenchBalancerMain`, the same flags). Both JVMs warm up on every core,"
                    + " then"
                    + " `taskset -a -p -c " + l.clientCpu() + "` pins every thread of the bench's JVM and `taskset -a"
                    + " -p -c " + l.balancerCpu() + "` every thread of the balancer's; threads started later inherit"
                    + " the core. Every measured phase runs pinned. Pinned from the start, each JVM's compiler"
                    + " threads would share one core with busy event loops and the first rounds would still run"
                    + " half-compiled code: in a trial on a quiet machine, pinned from the start with 10 s of"
                    + " warm-up per path, the balancer path's maximum rose from 11,070 to 19,653 req/s between"
                    + " its first two rounds. The balancer's"
                    + " JVM prints its counters (CPU, allocation, GC, run-queue wait, wake-ups) on request at the"
                    + " start and end of every phase. It is stopped at the end and killed whatever happens: on"
                    + " errors and on Ctrl-C (a shutdown hook, then `destroyForcibly`); if the bench dies without"
                    + " running hooks, the child sees its input end and exits.\n";
        }
        return "- **One JVM, four threads.** Worker, balancer and client each run on a Vert.x instance of their own"
                + " with one event loop, the same threads they would have as three processes, plus the pacing"
                + " thread. The price of one JVM: a stop-the-world GC pause stops client and servers together."
                + " Measured from the intended send time, such a pause is not hidden (every request due during it"
                + " is late) and it hits both paths alike.\n";
    }
}
