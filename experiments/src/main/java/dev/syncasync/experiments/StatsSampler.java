package dev.syncasync.experiments;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Statistics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Samples the CPU and memory of a lab's containers through the engine's stats API while a
 * simulation runs: one stream per container, which the engine feeds about once a second.
 * {@link #close()} ends the streams and keeps what they said.
 */
final class StatsSampler implements AutoCloseable {

    /** What one container did during the sampled window. */
    record Summary(String role, int samples, double meanCpu, double maxCpu, double meanMemoryMib,
                   double maxMemoryMib) {
    }

    private final Map<String, List<ContainerStats>> readings = new LinkedHashMap<>();
    private final List<ResultCallback.Adapter<Statistics>> streams = new ArrayList<>();

    private StatsSampler() {
    }

    /** Starts one stream per container of {@code roles} (container id -> role such as "worker-1"). */
    static StatsSampler start(DockerClient docker, Map<String, String> roles) {
        return start(id -> docker, roles);
    }

    /**
     * Starts one stream per container of {@code roles} on the engine that runs it; a container
     * whose engine is null (a swarm node this process cannot reach) gets no readings.
     */
    static StatsSampler start(Function<String, DockerClient> engineOf, Map<String, String> roles) {
        StatsSampler sampler = new StatsSampler();
        roles.forEach((id, role) -> {
            List<ContainerStats> mine = new CopyOnWriteArrayList<>();
            sampler.readings.put(role, mine);
            DockerClient docker = engineOf.apply(id);
            if (docker == null) {
                return;
            }
            sampler.streams.add(docker.statsCmd(id).exec(new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Statistics s) {
                    ContainerStats stats = ContainerStats.of(s);
                    if (stats != null) {
                        mine.add(stats);
                    }
                }
            }));
        });
        return sampler;
    }

    @Override
    public void close() {
        for (ResultCallback.Adapter<Statistics> stream : streams) {
            try {
                stream.close();
            } catch (IOException e) {
                // A stream of a container that went away is closed already.
            }
        }
    }

    /** One summary per container, in the order given to {@link #start}. */
    List<Summary> summaries() {
        List<Summary> out = new ArrayList<>();
        readings.forEach((role, list) -> {
            double[] cpu = list.stream().mapToDouble(ContainerStats::cpuPercent).filter(Double::isFinite).toArray();
            double[] mem = list.stream().mapToDouble(ContainerStats::memoryMib).toArray();
            out.add(new Summary(role, list.size(), mean(cpu), max(cpu), mean(mem), max(mem)));
        });
        return out;
    }

    private static double mean(double[] v) {
        return v.length == 0 ? Double.NaN : java.util.Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return v.length == 0 ? Double.NaN : java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }
}
