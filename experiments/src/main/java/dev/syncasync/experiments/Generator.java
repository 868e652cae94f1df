package dev.syncasync.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A Gatling run against a lab: a container on its network, or a one-shot service on a swarm. */
interface Generator {

    /** Starts {@code simulation} with its {@code parameters}; returns the run's id for {@link #await}. */
    String start(String name, Path results, String simulation, List<String> parameters);

    /**
     * Waits up to {@code timeoutS} for the run to end, writes its console to {@code log}, and reads
     * its result line; the reports land under {@code results}.
     */
    GatlingContainer.Result await(String id, Path results, Path log, long timeoutS) throws IOException,
            InterruptedException;

    /** Removes the run (whatever its state). */
    void remove(String id);

    /** Where the run ran. */
    String node(String id);
}
