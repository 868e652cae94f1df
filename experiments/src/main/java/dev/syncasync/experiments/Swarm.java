package dev.syncasync.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A swarm as {@code --engine swarm} sees it: the manager at {@code DOCKER_HOST}, its nodes (host
 * name, address, labels), the tasks of a service, and - where {@code LAB_SWARM_ENGINES} names them -
 * the engines of single nodes, which the stats API and chaos need (a manager reads neither a
 * container's stats nor kills a container on another node).
 */
final class Swarm {

    /** One running or finished task of a service, as the manager reports it. */
    record TaskView(String id, String state, String node, String containerId, Map<String, String> addresses,
                    Map<Integer, Integer> publishedPorts, int exitCode) {

        boolean running() {
            return state.equals("running");
        }

        boolean finished() {
            return List.of("complete", "failed", "rejected", "shutdown", "orphaned", "remove").contains(state);
        }
    }

    /** A node: its host name (what reports print), its address, its labels. */
    record NodeView(String id, String hostname, String address, Map<String, String> labels) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerClient manager;
    private final DockerHttpClient http;
    private final Map<String, String> engineHosts;
    private final Map<String, DockerClient> engines = new HashMap<>();

    private Swarm(DockerClient manager, DockerHttpClient http, Map<String, String> engineHosts) {
        this.manager = manager;
        this.http = http;
        this.engineHosts = engineHosts;
    }

    /**
     * The swarm whose manager answers at {@code env}'s {@code DOCKER_HOST}; node engines from
     * {@code LAB_SWARM_ENGINES} ({@code hostname=unix:///...,hostname=tcp://...}).
     */
    static Swarm connect(DockerClient manager, Map<String, String> env) {
        try {
            manager.inspectSwarmCmd().exec();
        } catch (RuntimeException e) {
            throw new ExperimentException("--engine swarm: the engine at DOCKER_HOST is no swarm manager ("
                    + Engine.rootCause(e) + "); run it against a manager, or docker swarm init");
        }
        Map<String, String> hosts = engineHosts(env.getOrDefault("LAB_SWARM_ENGINES", ""));
        return new Swarm(manager, Engine.http(Engine.config(env.get("DOCKER_HOST"))), hosts);
    }

    /** {@code hostname=DOCKER_HOST,...} as a map; an entry without {@code =} is an error that names it. */
    static Map<String, String> engineHosts(String spec) {
        Map<String, String> hosts = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            if (!entry.isBlank()) {
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    throw new ExperimentException("LAB_SWARM_ENGINES: each entry is hostname=DOCKER_HOST, got '"
                            + entry + "'");
                }
                hosts.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
            }
        }
        return hosts;
    }

    DockerClient manager() {
        return manager;
    }

    /** Every node, by id. */
    Map<String, NodeView> nodes() {
        Map<String, NodeView> out = new LinkedHashMap<>();
        for (SwarmNode node : manager.listSwarmNodesCmd().exec()) {
            Map<String, String> labels = node.getSpec() == null || node.getSpec().getLabels() == null ? Map.of()
                    : node.getSpec().getLabels();
            out.put(node.getId(), new NodeView(node.getId(), node.getDescription().getHostname(),
                    node.getStatus().getAddress(), labels));
        }
        return out;
    }

    /** The host names of the nodes that carry {@code label=true}. */
    List<String> labelled(String label) {
        return nodes().values().stream().filter(n -> "true".equals(n.labels().get(label))).map(NodeView::hostname)
                .toList();
    }

    /** The tasks of {@code service} (the raw API: docker-java's Task has no addresses or ports). */
    List<TaskView> tasks(String service) {
        String filters = URLEncoder.encode("{\"service\":[\"" + service + "\"]}", StandardCharsets.UTF_8);
        DockerHttpClient.Request request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
                .path("/tasks?filters=" + filters).build();
        try (DockerHttpClient.Response response = http.execute(request); InputStream body = response.getBody()) {
            JsonNode tasks = JSON.readTree(body);
            if (response.getStatusCode() != 200) {
                throw new ExperimentException("GET /tasks of " + service + ": " + response.getStatusCode() + " " + tasks);
            }
            Map<String, NodeView> nodes = nodes();
            List<TaskView> out = new ArrayList<>();
            for (JsonNode t : tasks) {
                out.add(task(t, nodes));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TaskView task(JsonNode t, Map<String, NodeView> nodes) {
        Map<String, String> addresses = new HashMap<>();
        for (JsonNode attachment : t.path("NetworksAttachments")) {
            JsonNode first = attachment.path("Addresses").path(0);
            if (!first.isMissingNode()) {
                addresses.put(attachment.path("Network").path("ID").asText(), first.asText().replaceFirst("/.*", ""));
            }
        }
        Map<Integer, Integer> ports = new HashMap<>();
        for (JsonNode port : t.path("Status").path("PortStatus").path("Ports")) {
            ports.put(port.path("TargetPort").asInt(), port.path("PublishedPort").asInt());
        }
        NodeView node = nodes.get(t.path("NodeID").asText());
        return new TaskView(t.path("ID").asText(), t.path("Status").path("State").asText(),
                node == null ? "" : node.hostname(), t.path("Status").path("ContainerStatus").path("ContainerID").asText(""),
                addresses, ports, t.path("Status").path("ContainerStatus").path("ExitCode").asInt(-1));
    }

    /** The engine of the node {@code hostname}, when LAB_SWARM_ENGINES names it; else null. */
    synchronized DockerClient engine(String hostname) {
        String host = engineHosts.get(hostname);
        if (host == null) {
            return null;
        }
        return engines.computeIfAbsent(hostname, h -> Engine.connect(host));
    }

    /** Whether LAB_SWARM_ENGINES names any node. */
    boolean knowsEngines() {
        return !engineHosts.isEmpty();
    }
}
