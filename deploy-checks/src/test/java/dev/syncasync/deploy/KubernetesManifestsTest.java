package dev.syncasync.deploy;

import static dev.syncasync.deploy.Tree.list;
import static dev.syncasync.deploy.Tree.map;
import static dev.syncasync.deploy.Tree.name;
import static dev.syncasync.deploy.Tree.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s, rendered with {@code kubectl kustomize} and checked without a cluster: every object
 * against the Kubernetes API's schema, then what the lab needs of them. Skipped, with the reason,
 * where no kubectl is found (scripts/k8s-validate.sh fetches Debian's).
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("..", "deploy", "k8s").toAbsolutePath().normalize();
    private static final List<String> SERVERS = List.of("balancer", "sync-worker", "async-worker",
            "virtual-worker");

    private static List<Map<String, Object>> base;
    private static List<Map<String, Object>> sync;
    private static List<Map<String, Object>> async;
    private static List<Map<String, Object>> virtual;
    private static List<Map<String, Object>> gatling;

    @BeforeAll
    static void render() throws Exception {
        Optional<Kustomize> kustomize = Kustomize.find();
        if (kustomize.isEmpty()) {
            System.out.println("SKIPPED KubernetesManifestsTest: no kubectl (set KUBECTL, or run scripts/k8s-validate.sh)");
        }
        Assumptions.assumeTrue(kustomize.isPresent(), "no kubectl: set KUBECTL or run scripts/k8s-validate.sh");
        base = kustomize.get().render(K8S.resolve("base"));
        sync = kustomize.get().render(K8S.resolve("overlays/sync"));
        async = kustomize.get().render(K8S.resolve("overlays/async"));
        virtual = kustomize.get().render(K8S.resolve("overlays/virtual"));
        gatling = kustomize.get().render(K8S.resolve("gatling"));
    }

    @Test
    void every_rendered_object_is_valid_against_the_kubernetes_api_schema() {
        for (List<Map<String, Object>> objects : List.of(base, sync, async, virtual, gatling)) {
            objects.forEach(KubernetesSchema::validate);
        }
        assertThat(kinds(sync)).containsExactlyInAnyOrder("Namespace", "ConfigMap", "Secret", "Service", "Service",
                "Service", "Service", "Deployment", "Deployment", "Deployment", "Deployment", "StatefulSet",
                "NetworkPolicy", "NetworkPolicy", "NetworkPolicy");
        assertThat(kinds(gatling)).containsExactly("Job");
        Stream.of(base, sync, async, virtual, gatling).flatMap(List::stream)
                .filter(o -> !"Namespace".equals(o.get("kind")))
                .forEach(o -> assertThat(string(o, "metadata", "namespace")).as(name(o)).isEqualTo("sync-async-lab"));
    }

    @Test
    void each_overlay_carries_its_topology_file_and_differs_from_the_others_only_there() throws Exception {
        assertThat(topologyOf(base)).isEqualTo("sync");
        assertThat(topologyOf(sync)).isEqualTo("sync");
        assertThat(topologyOf(async)).isEqualTo("async");
        assertThat(topologyOf(virtual)).isEqualTo("virtual");
        assertThat(without(sync, "ConfigMap")).isEqualTo(without(async, "ConfigMap"));
        assertThat(without(sync, "ConfigMap")).isEqualTo(without(virtual, "ConfigMap"));
        // The copies stay the files the lab ships.
        Path config = K8S.resolve("../../config").normalize();
        assertThat(K8S.resolve("base/topology.yml")).hasSameTextualContentAs(config.resolve("topology.yml"));
        assertThat(K8S.resolve("overlays/sync/topology.yml")).hasSameTextualContentAs(config.resolve("topologies/sync.yml"));
        assertThat(K8S.resolve("overlays/async/topology.yml")).hasSameTextualContentAs(config.resolve("topologies/async.yml"));
        assertThat(K8S.resolve("overlays/virtual/topology.yml"))
                .hasSameTextualContentAs(config.resolve("topologies/virtual.yml"));
    }

    @Test
    void the_topology_config_map_keeps_its_name_and_is_mounted_as_a_directory_so_updates_reach_the_file() {
        Map<String, Object> configMap = only(sync, "ConfigMap");
        assertThat(name(configMap)).isEqualTo("lab-topology");
        for (String server : SERVERS) {
            Map<String, Object> pod = map(object(sync, "Deployment", server), "spec", "template", "spec");
            assertThat(list(pod, "volumes")).anySatisfy(v -> {
                assertThat(string(v, "name")).isEqualTo("config");
                assertThat(string(v, "configMap", "name")).isEqualTo("lab-topology");
            });
            Object mount = list(pod, "containers", 0, "volumeMounts").stream()
                    .filter(m -> "config".equals(string(m, "name"))).findFirst().orElseThrow();
            assertThat(string(mount, "mountPath")).as(server).isEqualTo("/config");
            assertThat(string(mount, "subPath")).as(server + ": a subPath mount never sees an update").isNull();
            assertThat(list(pod, "containers", 0, "args")).as(server).containsSequence("--config", "/config/topology.yml");
        }
    }

    @Test
    void workers_find_the_registry_through_a_headless_service_of_the_balancer() {
        Map<String, Object> registry = object(sync, "Service", "lab-registry");
        assertThat(string(registry, "spec", "clusterIP")).isEqualTo("None");
        assertThat(Tree.at(registry, "spec", "publishNotReadyAddresses")).isEqualTo(true);
        assertThat(ports(registry)).containsExactly(5701);
        assertThat(map(registry, "spec", "selector")).isEqualTo(map(object(sync, "Deployment", "balancer"),
                "spec", "selector", "matchLabels"));
        for (String worker : List.of("sync-worker", "async-worker", "virtual-worker")) {
            assertThat(list(object(sync, "Deployment", worker), "spec", "template", "spec", "containers", 0, "args"))
                    .as(worker).containsSequence("--join", "lab-registry:5701");
        }
    }

    @Test
    void the_virtual_pool_is_the_sync_workers_image_in_virtual_mode_and_only_the_balancer_reaches_it() {
        Map<String, Object> container = map(object(sync, "Deployment", "virtual-worker"), "spec", "template", "spec",
                "containers", 0);
        assertThat(string(container, "image")).startsWith("sync-async-lab/sync-worker:");
        assertThat(list(container, "args")).startsWith("--virtual");
        Map<String, Object> workers = object(sync, "NetworkPolicy", "workers");
        assertThat(list(workers, "spec", "podSelector", "matchExpressions", 0, "values"))
                .containsExactlyInAnyOrder("sync-worker", "async-worker", "virtual-worker");
    }

    @Test
    void the_database_is_reachable_only_by_the_workers_with_a_healthcheck_and_a_volume_and_every_worker_points_at_it() {
        Map<String, Object> service = object(sync, "Service", "postgres");
        assertThat(string(service, "spec", "type")).isEqualTo("ClusterIP");
        assertThat(ports(service)).containsExactly(5432);
        Map<String, Object> db = object(sync, "StatefulSet", "postgres");
        assertThat(map(service, "spec", "selector")).isEqualTo(map(db, "spec", "selector", "matchLabels"));
        Map<String, Object> container = map(db, "spec", "template", "spec", "containers", 0);
        assertThat(string(container, "image")).isEqualTo("postgres:17");
        assertThat(list(container, "readinessProbe", "exec", "command")).contains("pg_isready");
        assertThat(list(container, "volumeMounts")).anySatisfy(m -> {
            assertThat(string(m, "name")).isEqualTo("data");
            assertThat(string(m, "mountPath")).isEqualTo("/var/lib/postgresql/data");
        });
        assertThat(string(db, "spec", "volumeClaimTemplates", 0, "metadata", "name")).isEqualTo("data");
        Map<String, Object> policy = object(sync, "NetworkPolicy", "postgres");
        assertThat(list(policy, "spec", "ingress", 0, "from", 0, "podSelector", "matchExpressions", 0, "values"))
                .containsExactlyInAnyOrder("sync-worker", "async-worker", "virtual-worker");
        assertThat(list(policy, "spec", "ingress", 0, "ports").stream().map(p -> Tree.at(p, "port")).toList())
                .containsExactly(5432);
        for (String worker : List.of("sync-worker", "async-worker", "virtual-worker")) {
            Map<String, String> env = new java.util.LinkedHashMap<>();
            list(object(sync, "Deployment", worker), "spec", "template", "spec", "containers", 0, "env")
                    .forEach(e -> env.put(string(e, "name"), string(e, "value")));
            // The password comes first, so Kubernetes expands $(POSTGRES_PASSWORD) in the URL.
            assertThat(List.copyOf(env.keySet())).as(worker).containsSubsequence("POSTGRES_PASSWORD", "LAB_DB_URL");
            assertThat(env.get("LAB_DB_URL")).as(worker)
                    .isEqualTo("postgresql://postgres:$(POSTGRES_PASSWORD)@postgres:5432/postgres");
        }
        for (Map<String, Object> other : objects(sync, "Service")) {
            if (!name(other).equals("postgres")) {
                assertThat(ports(other)).as(name(other)).doesNotContain(5432);
            }
        }
    }

    @Test
    void the_admin_and_registry_ports_are_reachable_only_inside_the_cluster() {
        Map<String, Object> admin = object(sync, "Service", "balancer-admin");
        assertThat(string(admin, "spec", "type")).isEqualTo("ClusterIP");
        assertThat(ports(admin)).containsExactly(8081);
        for (Map<String, Object> service : objects(sync, "Service")) {
            String type = string(service, "spec", "type");
            if (type != null && !type.equals("ClusterIP")) {
                assertThat(ports(service)).as(name(service)).doesNotContain(8081, 5701);
            }
            if (!name(service).equals("balancer-admin")) {
                assertThat(ports(service)).as(name(service)).doesNotContain(8081);
            }
        }
    }

    @Test
    void every_container_has_requests_limits_and_probes() {
        List<Map<String, Object>> workloads = Stream.concat(objects(sync, "Deployment").stream(),
                objects(sync, "StatefulSet").stream()).toList();
        assertThat(workloads).extracting(Tree::name).contains("postgres");
        for (Map<String, Object> deployment : workloads) {
            Map<String, Object> container = map(deployment, "spec", "template", "spec", "containers", 0);
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                assertThat(map(container, probe)).as(name(deployment) + " " + probe).isNotEmpty();
            }
        }
        for (Map<String, Object> workload : Stream.concat(workloads.stream(), gatling.stream()).toList()) {
            Map<String, Object> pod = map(workload, "spec", "template", "spec");
            List<Object> containers = new ArrayList<>(list(pod, "containers"));
            containers.addAll(list(pod, "initContainers"));
            for (Object c : containers) {
                for (String kind : List.of("requests", "limits")) {
                    assertThat(map(c, "resources", kind)).as(name(workload) + " " + string(c, "name") + " " + kind)
                            .containsKeys("cpu", "memory");
                }
                assertThat(Tree.at(c, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
            }
            assertThat(Tree.at(pod, "securityContext", "runAsNonRoot")).as(name(workload)).isEqualTo(true);
        }
    }

    @Test
    void the_gatling_job_runs_once_against_the_services_the_lab_defines() {
        Map<String, Object> job = only(gatling, "Job");
        assertThat(Tree.at(job, "spec", "backoffLimit")).isEqualTo(0);
        Map<String, Object> pod = map(job, "spec", "template", "spec");
        assertThat(string(pod, "restartPolicy")).isEqualTo("Never");
        Map<String, String> env = new java.util.HashMap<>();
        list(pod, "containers", 0, "env").forEach(e -> env.put(string(e, "name"), string(e, "value")));
        assertThat(env).containsEntry("BASE_URL", "http://balancer:8080").containsEntry("ADMIN_URL",
                "http://balancer-admin:8081");
        assertThat(ports(object(sync, "Service", "balancer"))).containsExactly(8080);
        assertThat(list(pod, "containers", 0, "args")).isNotEmpty();
    }

    private static String topologyOf(List<Map<String, Object>> objects) {
        String text = string(only(objects, "ConfigMap"), "data", "topology.yml");
        assertThat(text).as("the ConfigMap's topology.yml").isNotNull();
        return ConfigLoader.parse(text, "ConfigMap lab-topology", Map.of()).topology().label();
    }

    private static List<String> kinds(List<Map<String, Object>> objects) {
        return objects.stream().map(o -> (String) o.get("kind")).toList();
    }

    private static List<Map<String, Object>> objects(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    private static List<Map<String, Object>> without(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> !kind.equals(o.get("kind"))).toList();
    }

    private static Map<String, Object> only(List<Map<String, Object>> objects, String kind) {
        List<Map<String, Object>> found = objects(objects, kind);
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Object> object(List<Map<String, Object>> objects, String kind, String name) {
        return objects(objects, kind).stream().filter(o -> name.equals(name(o))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static List<Integer> ports(Map<String, Object> service) {
        return list(service, "spec", "ports").stream().map(p -> (Integer) Tree.at(p, "port")).toList();
    }
}
