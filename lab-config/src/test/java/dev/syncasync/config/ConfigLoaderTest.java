package dev.syncasync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    private static final Path CONFIG = Path.of("..", "config");

    private static LabConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "test.yml", Map.of());
    }

    @Test
    void an_empty_file_gives_the_defaults_in_code() {
        LabConfig config = parse("");
        assertThat(config.topology()).isEqualTo(Topology.SYNC);
        assertThat(config.balancer()).isEqualTo(BalancerConfig.defaults());
        assertThat(config.sync().workers()).isEqualTo(4);
        assertThat(config.sync().threads()).isEqualTo(1);
        assertThat(config.async().workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.virtual().workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.virtual().maxConcurrent()).isEqualTo(VirtualPoolConfig.UNLIMITED);
    }

    @Test
    void the_shipped_topologies_are_valid_and_differ_only_in_the_active_pool() {
        LabConfig active = ConfigLoader.load(CONFIG.resolve("topology.yml"), Map.of());
        LabConfig sync = ConfigLoader.load(CONFIG.resolve("topologies/sync.yml"), Map.of());
        LabConfig async = ConfigLoader.load(CONFIG.resolve("topologies/async.yml"), Map.of());
        LabConfig virtual = ConfigLoader.load(CONFIG.resolve("topologies/virtual.yml"), Map.of());

        assertThat(sync.topology()).isEqualTo(Topology.SYNC);
        assertThat(sync.sync().workers()).isEqualTo(4);
        assertThat(sync.sync().threads()).isEqualTo(1);
        assertThat(async.topology()).isEqualTo(Topology.ASYNC);
        assertThat(async.async().workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(async.async().eventLoops()).isEqualTo(1);
        assertThat(async.withTopology(Topology.SYNC)).isEqualTo(sync);
        assertThat(virtual.topology()).isEqualTo(Topology.VIRTUAL);
        assertThat(virtual.virtual().workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(virtual.virtual().maxConcurrent()).isEqualTo(VirtualPoolConfig.UNLIMITED);
        assertThat(virtual.withTopology(Topology.SYNC)).isEqualTo(sync);
        assertThat(active).isEqualTo(sync);
        assertThat(sync.balancer().port()).isEqualTo(8080);
        assertThat(sync.balancer().adminPort()).isEqualTo(8081);
    }

    @Test
    void the_data_plane_its_loops_and_the_protocols_to_each_pool_are_read_from_the_file() {
        LabConfig config = parse("balancer:\n  data-plane: netty\n  event-loops: 3\n  transport: nio\n"
                + "  async-upstream: http1\n");

        assertThat(config.balancer().dataPlane()).isEqualTo("netty");
        assertThat(config.balancer().effectiveEventLoops()).isEqualTo(3);
        assertThat(config.balancer().transport()).isEqualTo("nio");
        assertThat(config.balancer().upstream(Topology.ASYNC)).isEqualTo("http1");
        assertThat(config.balancer().upstream(Topology.SYNC)).isEqualTo("http1");
        assertThat(parse("").balancer().upstream(Topology.ASYNC)).as("the default").isEqualTo("h2c");
        assertThat(parse("").balancer().effectiveEventLoops()).as("0 = one per CPU")
                .isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void the_limits_and_timeouts_are_read_from_the_file_and_default_in_code() {
        LabConfig config = parse("balancer:\n  max-client-connections: 64\n  client-header-timeout-ms: 2000\n"
                + "  client-idle-timeout-ms: 3000\n  max-header-count: 20\n  max-header-bytes: 2048\n"
                + "  max-request-line-bytes: 512\n  response-timeout-ms: 400\n  eject-after-failures: 3\n"
                + "  max-ejected-percent: 30\n  drain-timeout-ms: 1500\n  warmup-connections: 0\n");

        assertThat(config.balancer()).isEqualTo(BalancerConfig.defaults().with(b -> {
            b.maxClientConnections = 64;
            b.clientHeaderTimeoutMs = 2_000;
            b.clientIdleTimeoutMs = 3_000;
            b.maxHeaderCount = 20;
            b.maxHeaderBytes = 2_048;
            b.maxRequestLineBytes = 512;
            b.responseTimeoutMs = 400;
            b.ejectAfterFailures = 3;
            b.maxEjectedPercent = 30;
            b.drainTimeoutMs = 1_500;
            b.warmupConnections = 0;
        }));
        assertThat(BalancerConfig.defaults()).extracting(BalancerConfig::maxClientConnections,
                BalancerConfig::clientHeaderTimeoutMs, BalancerConfig::clientIdleTimeoutMs, BalancerConfig::maxHeaderCount,
                BalancerConfig::maxHeaderBytes, BalancerConfig::maxRequestLineBytes, BalancerConfig::responseTimeoutMs,
                BalancerConfig::ejectAfterFailures, BalancerConfig::maxEjectedPercent, BalancerConfig::drainTimeoutMs,
                BalancerConfig::warmupConnections)
                .containsExactly(10_000, 10_000, 75_000, 100, 8_192, 4_096, 10_000, 5, 50, 30_000, 1_000);
    }

    @Test
    void the_database_defaults_to_an_embedded_server_and_a_small_pool_and_reads_a_url() {
        DatabaseConfig defaults = parse("").db();
        assertThat(defaults.embedded()).isTrue();
        assertThat(defaults.poolSize()).isEqualTo(4);

        DatabaseConfig named = ConfigLoader.parse("db:\n  pool-size: 8\n", "test.yml",
                Map.of("LAB_DB_URL", "postgresql://lab:s%40cret@db.internal:6543/work")).db();
        assertThat(named.embedded()).isFalse();
        assertThat(named.poolSize()).isEqualTo(8);
        assertThat(named.address()).isEqualTo(new DatabaseConfig.Address("db.internal", 6543, "work", "lab", "s@cret"));
        assertThat(named.address().display()).isEqualTo("postgresql://lab@db.internal:6543/work");
        assertThat(named.address().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/work");
    }

    @Test
    void an_environment_variable_overrides_the_file() {
        LabConfig config = ConfigLoader.parse("balancer:\n  max-queue: 5\n", "test.yml",
                Map.of("LAB_BALANCER_MAX_QUEUE", "7", "LAB_TOPOLOGY", "async", "LAB_SYNC_ADDRESSES", "a:1, b:2"));
        assertThat(config.balancer().maxQueue()).isEqualTo(7);
        assertThat(config.topology()).isEqualTo(Topology.ASYNC);
        assertThat(config.sync().addresses()).containsExactly("a:1", "b:2");
    }

    @Test
    void a_bad_environment_variable_is_named_as_the_source() {
        assertThatThrownBy(() -> ConfigLoader.parse("", "test.yml", Map.of("LAB_BALANCER_PORT", "http")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("environment variable LAB_BALANCER_PORT: balancer.port: must be an integer, got 'http'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top-level key   | colour: blue                                  | colour          | unknown key
            unknown nested key      | balancer:\\n  prot: 8080                       | balancer.prot   | unknown key
            wrong type              | balancer:\\n  port: eighty                     | balancer.port   | must be an integer, got 'eighty'
            port out of range       | balancer:\\n  port: 70000                      | balancer.port   | must be in 0..65535, got 70000
            negative port           | balancer:\\n  admin-port: -1                   | balancer.admin-port | must be in 0..65535, got -1
            negative count          | sync:\\n  workers: -3                          | sync.workers    | must be in 0..1024, got -3
            zero threads            | sync:\\n  threads: 0                           | sync.threads    | must be in 1..10000, got 0
            unknown topology        | topology: reactive                            | topology        | must be one of sync, async, virtual, got 'reactive'
            unknown policy          | balancer:\\n  policy: random                   | balancer.policy | must be one of round-robin, least-in-flight, power-of-two-choices
            section not a mapping   | sync: 4                                       | sync            | must be a mapping
            list instead of number  | async:\\n  workers: [1, 2]                     | async.workers   | must be an integer, got a list
            bad boolean             | async:\\n  offload: maybe                      | async.offload   | must be true or false, got 'maybe'
            no offload thread       | async:\\n  offload-threads: 0                 | async.offload-threads | must be in 1..1024, got 0
            bad address             | sync:\\n  addresses: [localhost]               | sync.addresses  | items must be host:port
            no virtual offload thread | virtual:\\n  offload-threads: 0             | virtual.offload-threads | must be in 1..1024, got 0
            negative virtual cap    | virtual:\\n  max-concurrent: -1               | virtual.max-concurrent | must be in 0..1000000, got -1
            virtual workers a word  | virtual:\\n  workers: many                    | virtual.workers | must be an integer, got 'many'
            unknown virtual key     | virtual:\\n  threads: 4                       | virtual.threads | unknown key
            bad virtual address     | virtual:\\n  addresses: [localhost]            | virtual.addresses | items must be host:port
            bad h2c port            | async:\\n  addresses: ["a:1;h2c=0"]        | async.addresses | optionally with ;h2c=PORT) with ports in 1..65535
            same port twice         | balancer:\\n  port: 9000\\n  admin-port: 9000   | balancer.admin-port | must differ from balancer.port
            more headers than Undertow | balancer:\\n  max-header-count: 500          | balancer.max-header-count | must be in 1..190, got 500
            share over 100%         | balancer:\\n  max-ejected-percent: 101       | balancer.max-ejected-percent | must be in 0..100, got 101
            no header timeout       | balancer:\\n  client-header-timeout-ms: 0    | balancer.client-header-timeout-ms | must be in 100..600000, got 0
            db url not postgresql   | db:\\n  url: mysql://h/d                  | db.url          | must be postgresql://[user[:password]@]host[:port]/database
            db url without database | db:\\n  url: postgresql://h:5432          | db.url          | must be postgresql://
            empty pool              | db:\\n  pool-size: 0                     | db.pool-size    | must be in 1..1000, got 0
            acquire timeout too short | db:\\n  acquire-timeout-ms: 100        | db.acquire-timeout-ms | must be in 250..600000, got 100
            max connections a word  | db:\\n  max-connections: lots            | db.max-connections | must be an integer, got 'lots'
            unknown db key          | db:\\n  pool: 4                          | db.pool         | unknown key
            unknown data plane      | balancer:\\n  data-plane: reactor            | balancer.data-plane | must be one of vertx, netty, got 'reactor'
            negative event loops    | balancer:\\n  event-loops: -1                | balancer.event-loops | must be in 0..256, got -1
            unknown transport       | balancer:\\n  transport: io_uring            | balancer.transport | must be one of auto, nio, got 'io_uring'
            h2c to Undertow         | balancer:\\n  sync-upstream: h2c             | balancer.sync-upstream | must be one of http1, got 'h2c'
            unknown async protocol  | balancer:\\n  async-upstream: h3             | balancer.async-upstream | must be one of h2c, http1, got 'h3'
            unknown virtual protocol | balancer:\\n  virtual-upstream: spdy        | balancer.virtual-upstream | must be one of h2c, http1, got 'spdy'
            """)
    void an_invalid_value_names_the_file_the_field_and_the_reason(String name, String yaml, String field,
                                                                   String reason) {
        assertThatThrownBy(() -> parse(yaml.replace("\\n", "\n")))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.source()).isEqualTo("test.yml");
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.reason()).contains(reason);
                    assertThat(e.getMessage()).startsWith("test.yml: " + field + ": ");
                });
    }

    @Test
    void bad_yaml_names_the_line() {
        assertThatThrownBy(() -> parse("balancer:\n  port: 8080\n   admin-port: [\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.yml: invalid YAML: line ");
    }

    @Test
    void a_duplicate_key_is_refused() {
        assertThatThrownBy(() -> parse("topology: sync\ntopology: async\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("duplicate key");
    }

    @Test
    void a_document_that_is_not_a_mapping_is_refused() {
        assertThatThrownBy(() -> parse("- sync\n- async\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be a mapping");
    }

    @Test
    void a_missing_file_is_named(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yml");
        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void auto_means_one_per_cpu(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("t.yml"),
                "async:\n  workers: auto\n  event-loops: auto\n  offload-threads: auto\nvirtual:\n  workers: auto\n");
        LabConfig config = ConfigLoader.load(file, Map.of());
        int cpus = Runtime.getRuntime().availableProcessors();
        assertThat(config.async().workers()).isEqualTo(cpus);
        assertThat(config.async().eventLoops()).isEqualTo(cpus);
        assertThat(config.virtual().workers()).isEqualTo(cpus);
        assertThat(config.virtual().worker(0).offloadThreads()).isEqualTo(cpus);
        assertThat(config.async().offloadThreads()).isEqualTo(cpus);
        assertThat(config.async().worker(0).offloadThreads()).isEqualTo(cpus);
    }

    @Test
    void pool_workers_get_ids_and_consecutive_ports() {
        LabConfig config = parse("sync:\n  base-port: 9000\n  threads: 3\n");
        assertThat(config.sync().worker(0)).isEqualTo(new SyncWorkerConfig("sync-1", "127.0.0.1", 9000, 3));
        assertThat(config.sync().worker(3).port()).isEqualTo(9003);
        assertThat(config.async().worker(1).id()).isEqualTo("async-2");
        assertThat(config.async().worker(1).port()).isZero();
        assertThat(parse("virtual:\n  base-port: 9100\n  max-concurrent: 50\n").virtual().worker(1))
                .isEqualTo(new VirtualWorkerConfig("virtual-2", "127.0.0.1", 9101, 50));
    }

    @Test
    void a_static_async_address_may_name_the_workers_h2c_listener() {
        assertThat(WorkerAddress.parse("10.0.0.5:9001;h2c=9101")).isEqualTo(new WorkerAddress("10.0.0.5", 9001, 9101));
        assertThat(WorkerAddress.parse("[::1]:9001;h2c=9101")).isEqualTo(new WorkerAddress("::1", 9001, 9101));
        assertThat(WorkerAddress.parse("10.0.0.5:9001")).isEqualTo(new WorkerAddress("10.0.0.5", 9001, 0));
        assertThat(WorkerAddress.parse("10.0.0.5:9001;h2c=70000")).isNull();
        assertThat(WorkerAddress.parse("10.0.0.5:9001;h2c=9101").toString()).isEqualTo("10.0.0.5:9001");
        assertThat(parse("async:\n  addresses: [\"a:1;h2c=2\"]\n").async().addresses()).containsExactly("a:1;h2c=2");
    }

    @Test
    void async_workers_h2c_listeners_count_up_from_their_base_port_or_take_free_ports() {
        LabConfig fixed = parse("async:\n  base-port: 9200\n  h2c-base-port: 9300\n");
        assertThat(fixed.async().worker(0).h2cPort()).isEqualTo(9300);
        assertThat(fixed.async().worker(2).h2cPort()).isEqualTo(9302);
        assertThat(parse("async:\n  base-port: 9200\n").async().worker(1).h2cPort()).isZero();
    }

    @Test
    void virtual_max_concurrent_and_workers_come_from_the_environment_too() {
        LabConfig config = ConfigLoader.parse("topology: virtual\n", "test.yml",
                Map.of("LAB_VIRTUAL_MAX_CONCURRENT", "200", "LAB_VIRTUAL_WORKERS", "3"));

        assertThat(config.topology()).isEqualTo(Topology.VIRTUAL);
        assertThat(config.virtual().maxConcurrent()).isEqualTo(200);
        assertThat(config.virtual().workers()).isEqualTo(3);
        assertThat(config.activeWorkers()).isEqualTo(3);
    }
}
