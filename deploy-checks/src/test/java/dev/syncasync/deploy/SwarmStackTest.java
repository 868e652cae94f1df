package dev.syncasync.deploy;

import static dev.syncasync.deploy.Tree.at;
import static dev.syncasync.deploy.Tree.list;
import static dev.syncasync.deploy.Tree.map;
import static dev.syncasync.deploy.Tree.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/swarm/lab-stack.yml, read as YAML: what a swarm without a routing mesh needs, placement
 * by the documented labels, the registry joined by service DNS, and the same images and balancer
 * settings as docker-compose.yml. (scripts/swarm-e2e.sh deploys it for real.)
 */
class SwarmStackTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{[A-Z_]+:-([^}]*)}");

    private static Map<String, Object> stack;
    private static Map<String, Object> compose;

    @BeforeAll
    static void read() throws IOException {
        stack = new Yaml().load(Files.readString(ROOT.resolve("deploy/swarm/lab-stack.yml")));
        compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    }

    @Test
    void every_service_resolves_by_dns_round_robin_and_only_the_client_port_is_published_in_host_mode() {
        assertThat(map(stack, "services")).containsOnlyKeys("balancer", "sync-worker", "async-worker", "virtual-worker",
                "postgres", "gatling");
        map(stack, "services").forEach((name, service) -> {
            assertThat(string(service, "deploy", "endpoint_mode")).as(name).isEqualTo("dnsrr");
            for (String key : List.of("build", "depends_on", "profiles", "mem_limit", "restart", "scale")) {
                assertThat(map(service)).as(name + ": docker stack deploy refuses or ignores " + key).doesNotContainKey(key);
            }
            if (!name.equals("balancer")) {
                assertThat(list(service, "ports")).as(name).isEmpty();
            }
        });
        List<Object> ports = list(stack, "services", "balancer", "ports");
        assertThat(ports).hasSize(1);
        assertThat(at(ports, 0, "target")).isEqualTo(8080);
        assertThat(string(ports, 0, "mode")).isEqualTo("host");
    }

    @Test
    void placement_follows_the_documented_node_labels() {
        assertThat(constraints("balancer")).containsExactly("node.labels.lab.balancer == true");
        assertThat(constraints("sync-worker")).containsExactly("node.labels.lab.workers == true");
        assertThat(constraints("async-worker")).containsExactly("node.labels.lab.workers == true");
        assertThat(constraints("virtual-worker")).containsExactly("node.labels.lab.workers == true");
        // One node: the database's local volume is the same one after a restart.
        assertThat(constraints("postgres")).containsExactly("node.labels.lab.balancer == true");
        assertThat(expanded(string(stack, "services", "postgres", "deploy", "replicas"))).isEqualTo("1");
        assertThat(constraints("gatling")).containsExactly("node.labels.lab.generator == true");
        assertThat(expanded(string(stack, "services", "balancer", "deploy", "replicas"))).isEqualTo("1");
    }

    @Test
    void workers_join_the_registry_by_service_dns_and_read_the_topology_from_the_swarm_config() {
        for (String worker : WORKERS) {
            assertThat(list(stack, "services", worker, "command")).as(worker)
                    .containsSequence("--join", "tasks.balancer:5701")
                    .containsSequence("--config", "/config/topology.yml");
            assertThat(list(stack, "services", worker, "networks")).containsExactly("lab");
        }
        for (String server : List.of("balancer", "sync-worker", "async-worker", "virtual-worker")) {
            assertThat(string(stack, "services", server, "configs", 0, "target")).isEqualTo("/config/topology.yml");
        }
        Path file = ROOT.resolve("deploy/swarm").resolve(expanded(string(stack, "configs", "topology", "file")));
        assertThat(file.normalize()).isEqualTo(ROOT.resolve("config/topology.yml"));
        assertThat(at(stack, "networks", "lab", "internal")).isEqualTo(true);
        assertThat(string(stack, "networks", "lab", "driver")).isEqualTo("overlay");
    }

    @Test
    void gatling_is_a_one_shot_service_with_no_task_until_asked() {
        assertThat(expanded(string(stack, "services", "gatling", "deploy", "replicas"))).isEqualTo("0");
        assertThat(string(stack, "services", "gatling", "deploy", "restart_policy", "condition")).isEqualTo("none");
    }

    @Test
    void images_and_balancer_settings_match_docker_compose() {
        map(stack, "services").forEach((name, service) -> {
            String image = expanded(string(service, "image"));
            String expected = switch (name) {
                case "virtual-worker" -> "sync-async-lab/sync-worker:dev";
                case "postgres" -> "postgres:17";
                default -> "sync-async-lab/" + name + ":dev";
            };
            assertThat(image).as(name).isEqualTo(expected);
            String composeImage = string(compose, "services", name, "image");
            if (composeImage != null) {
                assertThat(image).as(name + " in docker-compose.yml").isEqualTo(expanded(composeImage));
            }
        });
        Map<String, Object> composeEnv = map(compose, "services", "balancer", "environment");
        Map<String, Object> stackEnv = map(stack, "services", "balancer", "environment");
        assertThat(stackEnv).containsOnlyKeys(composeEnv.keySet());
        composeEnv.forEach((key, value) -> assertThat(expanded(String.valueOf(stackEnv.get(key))))
                .as(key).isEqualTo(expanded(String.valueOf(value))));
    }

    @Test
    void the_virtual_pool_is_the_sync_workers_image_in_virtual_mode() {
        assertThat(list(stack, "services", "virtual-worker", "command")).startsWith("--virtual");
        assertThat(list(stack, "services", "virtual-worker", "command").subList(1, 5))
                .isEqualTo(list(stack, "services", "sync-worker", "command"));
    }

    @Test
    void the_database_is_internal_with_a_healthcheck_and_a_volume_and_every_worker_points_at_it() {
        Map<String, Object> db = map(stack, "services", "postgres");
        assertThat(list(db, "networks")).containsExactly("lab");
        assertThat(list(db, "ports")).isEmpty();
        assertThat(String.join(" ", list(db, "healthcheck", "test").stream().map(String::valueOf).toList()))
                .contains("pg_isready");
        assertThat(list(db, "volumes")).containsExactly("postgres-data:/var/lib/postgresql/data");
        assertThat(map(stack, "volumes")).containsKey("postgres-data");
        assertThat(list(db, "command")).isEqualTo(list(compose, "services", "postgres", "command"));
        for (String worker : WORKERS) {
            assertThat(expanded(string(stack, "services", worker, "environment", "LAB_DB_URL"))).as(worker)
                    .isEqualTo("postgresql://postgres:lab@postgres:5432/postgres")
                    .isEqualTo(expanded(string(compose, "services", worker, "environment", "LAB_DB_URL")));
        }
    }

    private static final List<String> WORKERS = List.of("sync-worker", "async-worker", "virtual-worker");

    private static List<Object> constraints(String service) {
        return list(stack, "services", service, "deploy", "placement", "constraints");
    }

    /** {@code ${NAME:-default}} replaced by its default, as docker stack deploy does with NAME unset. */
    private static String expanded(String text) {
        Matcher m = DEFAULTED.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1)));
        }
        return m.appendTail(out).toString();
    }
}
