package dev.syncasync.experiments;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.time.Duration;
import java.util.Map;

/**
 * The Docker engine the experiments talk to: {@code DOCKER_HOST} or the default socket. The API
 * version is left unset on purpose, so the client speaks whatever the engine offers (an engine
 * 20.10 offers 1.41; forcing a newer version fails there).
 */
final class Engine {

    private Engine() {
    }

    /**
     * A client for the engine at {@code env}'s {@code DOCKER_HOST} (else the default socket) that
     * has answered a ping, or an {@link ExperimentException} (exit code 2) saying what to do.
     */
    static DockerClient connect(Map<String, String> env) {
        return connect(env.get("DOCKER_HOST"));
    }

    /** A client for the engine at {@code host} ({@code unix:///...} or {@code tcp://...}; null = the default). */
    static DockerClient connect(String host) {
        DockerClientConfig config = config(host);
        DockerClient docker = DockerClientImpl.getInstance(config, http(config));
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new ExperimentException("no Docker engine at " + config.getDockerHost()
                    + "; start one, or use ./lab demo (" + rootCause(e) + ")");
        }
        return docker;
    }

    /** The HTTP client under a {@link DockerClient}, for API calls docker-java has no model for. */
    static DockerHttpClient http(DockerClientConfig config) {
        return new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5))
                // Long enough for an image build step; waits for a container use their own deadlines.
                .responseTimeout(Duration.ofMinutes(30))
                .build();
    }

    static DockerClientConfig config(String host) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (host != null && !host.isBlank()) {
            builder.withDockerHost(host);
        }
        return builder.build();
    }

    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
