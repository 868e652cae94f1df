package dev.syncasync.balancer;

import com.hazelcast.core.HazelcastInstance;
import dev.syncasync.balancer.live.LiveView;
import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.RegistryConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.registry.Registry;
import dev.syncasync.server.WorkerInfo;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running balancer: a client port that proxies to the active pool through one FIFO queue,
 * and an admin port with the workers, the timeline and the metrics.
 *
 * <p>Threading model: the control plane (admin API, health checks, topology watcher, registry
 * follower) is one Vert.x instance with exactly one event loop. The data plane is either
 * ({@code balancer.data-plane}) Vert.x's HTTP server and client on that same loop
 * ({@code vertx}), or Netty directly on {@code balancer.event-loops} loops ({@code netty}, see
 * {@link NettyPlane}). Both share one FIFO queue, the {@link Dispatcher}, whose monitor guards it
 * and every worker's state. The public methods here may be called from any other thread (never
 * from the control plane's loop): they hop onto it and wait.
 */
public final class Balancer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Balancer.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final Context context;
    private final Dispatcher dispatcher;
    private final Timeline timeline;
    /** The {@code vertx} data plane's client port; null on the {@code netty} one. */
    private final HttpServer clientServer;
    /** The {@code netty} data plane; null on the {@code vertx} one. */
    private final NettyPlane plane;
    private final int clientPort;
    private final HttpServer adminServer;
    private final HttpClientAgent client;
    private final HealthChecker health;
    private final String adminToken;
    private final BalancerConfig config;
    /** Set once by {@link #followRegistry}; topology requests then go through the registry. */
    private volatile Registry registry;
    private TopologyFileWatcher watcher;

    private Balancer(Wiring w, HttpServer clientServer, NettyPlane plane, int clientPort, HttpServer adminServer) {
        this.vertx = w.vertx;
        this.context = w.context;
        this.dispatcher = w.dispatcher;
        this.timeline = w.timeline;
        this.clientServer = clientServer;
        this.plane = plane;
        this.clientPort = clientPort;
        this.adminServer = adminServer;
        this.client = w.client;
        this.health = w.health;
        this.adminToken = w.token;
        this.config = w.config;
    }

    /** What {@link #wire} builds before the servers listen. */
    private record Wiring(Vertx vertx, Context context, BalancerConfig config, Dispatcher dispatcher,
                          Timeline timeline, HttpClientAgent client, HealthChecker health, String token,
                          AtomicReference<Balancer> self) {
    }

    /** Starts listening on both ports and returns once both are bound. */
    public static Balancer start(BalancerConfig config, Topology active) {
        // One event loop: the queue is owned by one thread. One worker thread: only the
        // timeline file uses it.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        Context context = vertx.getOrCreateContext();
        try {
            Warmup.run(vertx, context, config);
            return call(context, () -> wire(vertx, context, config, active), CALL_TIMEOUT);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    private static Future<Balancer> wire(Vertx vertx, Context context, BalancerConfig config, Topology active) {
        Timeline timeline = new Timeline(config.timelineSize());
        timeline.appendTo(vertx, config.timelineFile());
        AtomicReference<Dispatcher> ref = new AtomicReference<>();
        BalancerMetrics metrics = new BalancerMetrics(() -> ref.get().inFlight(), () -> ref.get().waiting());
        Responder responder = new Responder(config, timeline, metrics, () -> ref.get().topology());
        Dispatcher dispatcher = new Dispatcher(vertx, config, active, responder, metrics);
        dispatcher.onSwitch((from, to, atUs) -> timeline.switched(from.label(), to.label(), atUs));
        ref.set(dispatcher);
        HttpClientAgent client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setConnectTimeout(config.connectTimeoutMs()),
                new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerWorker()));
        Ejection ejection = new Ejection(config, dispatcher);
        boolean netty = config.dataPlane().equals("netty");
        NettyPlane plane = netty ? new NettyPlane(config, dispatcher, responder, metrics, ejection) : null;
        Forwarder forwarder = netty ? plane.forwarder
                : new VertxForwarder(vertx, client, dispatcher, ejection, responder, config.responseTimeoutMs());
        dispatcher.forwarder(forwarder);
        ejection.forwarder(forwarder);
        HealthChecker health = new HealthChecker(vertx, client, dispatcher, ejection, config.healthTimeoutMs(),
                config.healthFailures());
        health.start(config.healthIntervalMs());
        String token = config.adminToken().isBlank() ? randomToken() : config.adminToken();
        Wiring w = new Wiring(vertx, context, config, dispatcher, timeline, client, health, token,
                new AtomicReference<>());
        HttpServer clientServer = netty ? null : ClientEdge.server(vertx, config, dispatcher, responder, metrics);
        int nettyPort;
        try {
            nettyPort = netty ? plane.listen(config.host(), config.port()) : -1;
        } catch (RuntimeException e) {
            plane.close();
            return Future.failedFuture(e);
        }
        AdminApi admin = new AdminApi(dispatcher, timeline, metrics, config.maxQueue(), token,
                t -> w.self().get().requestTopology(t, "POST /admin/topology"));
        LiveView live = new LiveView(vertx, admin, admin::authorized, config.host(),
                () -> netty ? nettyPort : clientServer.actualPort());
        HttpServer adminServer = vertx.createHttpServer(new HttpServerOptions().setHost(config.adminHost())
                .setPort(config.adminPort())).requestHandler(live.around(admin));
        Future<?> clientListening = netty ? Future.succeededFuture() : clientServer.listen();
        return Future.all(clientListening, adminServer.listen())
                .onFailure(e -> {
                    if (netty) {
                        plane.close();
                    }
                })
                .map(v -> {
                    int port = netty ? nettyPort : clientServer.actualPort();
                    LOG.atInfo().log(() -> "balancer on http://" + config.host() + ":" + port
                            + " (admin http://" + config.adminHost() + ":" + adminServer.actualPort()
                            + "), topology " + active.label() + ", policy " + config.policy().label()
                            + (netty ? ", netty data plane: " + config.effectiveEventLoops() + " loops, "
                            + (plane.epoll() ? "epoll" : "nio") : ", vertx data plane"));
                    Balancer balancer = new Balancer(w, clientServer, plane, port, adminServer);
                    w.self().set(balancer);
                    return balancer;
                });
    }

    private static String randomToken() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Follows the registry in {@code hazelcast}: workers that register (from allowed
     * addresses) join the pools once healthy, and the active topology is the registry's,
     * set now to this balancer's.
     *
     * @param ownPorts ports of this host that no worker may claim (the Hazelcast port, say)
     */
    public void followRegistry(HazelcastInstance hazelcast, RegistryConfig registryConfig, Set<Integer> ownPorts) {
        Registry r = new Registry(hazelcast);
        Set<Integer> ports = new HashSet<>(ownPorts);
        ports.add(port());
        ports.add(adminPort());
        r.topology(topology()).toCompletableFuture().join();
        RegistryFollower follower = new RegistryFollower(context, dispatcher, health,
                new AllowList(registryConfig.allow(), ports));
        follower.follow(r);
        registry = r;
    }

    /**
     * Switches pools when the topology file's {@code topology:} changes; invalid edits are refused.
     * Returns once the watcher has read the file as it is: every edit after that is seen.
     */
    public void watch(Path topologyFile) {
        call(context, () -> {
            watcher = new TopologyFileWatcher(vertx, topologyFile.toString(),
                    t -> requestTopology(t, topologyFile.toString()));
            return watcher.start();
        }, CALL_TIMEOUT);
    }

    /**
     * Waits until {@code count} workers (of any pool) passed their health check.
     *
     * @throws IllegalStateException when they are not ready within {@code timeout}
     */
    public void awaitReady(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int ready;
        while ((ready = call(context, () -> Future.succeededFuture(dispatcher.readyCount()), CALL_TIMEOUT)) < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + ready + " of " + count + " workers became ready within "
                        + timeout + "; see the log for their health checks");
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** The token mutating admin calls need ({@code Authorization: Bearer <token>}). */
    public String adminToken() {
        return adminToken;
    }

    /**
     * Switches here at once, and stores the choice in the registry when there is one (other
     * balancers follow it). Runs on the event loop: the admin API and the file watcher call it there.
     */
    private void requestTopology(Topology topology, String source) {
        dispatcher.topology(topology);
        Registry r = registry;
        if (r != null) {
            r.topology(topology).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.atWarn().log(() -> "could not store topology " + topology.label() + " from " + source + ": " + e);
                }
            });
        }
    }

    /** The client port actually bound. */
    public int port() {
        return clientPort;
    }

    /** The admin port actually bound. */
    public int adminPort() {
        return adminServer.actualPort();
    }

    /** Routes to {@code worker} from now on (when it belongs to the active pool). */
    public void addWorker(WorkerInfo worker) {
        run(() -> dispatcher.add(worker, BackendState.READY));
    }

    /** Stops routing to a worker; what it is serving finishes there. */
    public void removeWorker(String id) {
        run(() -> dispatcher.remove(id));
    }

    /**
     * Switches the active pool (and, when the registry is followed, stores it there so every
     * balancer follows); waiting requests go to the new pool, in-flight ones finish.
     */
    public void topology(Topology topology) {
        run(() -> requestTopology(topology, "api"));
    }

    public Topology topology() {
        return call(context, () -> Future.succeededFuture(dispatcher.topology()), CALL_TIMEOUT);
    }

    /**
     * Refuses new requests (503), lets waiting and in-flight ones finish for up to
     * {@code grace}, then closes both ports and the connections to the workers.
     *
     * @return true when every accepted request was answered before the ports closed
     */
    public boolean shutdown(Duration grace) {
        run(() -> {
            health.stop();
            if (watcher != null) {
                watcher.stop();
            }
        });
        boolean finished = call(context, () -> dispatcher.close().map(true)
                .timeout(grace.toMillis(), TimeUnit.MILLISECONDS).otherwise(false), grace.plus(CALL_TIMEOUT));
        try {
            if (plane != null) {
                plane.close();
            }
            call(context, () -> Future.all(clientServer == null ? Future.succeededFuture() : clientServer.close(),
                            adminServer.close(), client.close())
                    .onComplete(v -> timeline.close()).mapEmpty(), CALL_TIMEOUT);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
        LOG.atInfo().log(() -> "balancer stopped" + (finished ? "" : " with requests still in flight"));
        return finished;
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
    }

    private void run(Runnable action) {
        call(context, () -> {
            action.run();
            return Future.succeededFuture();
        }, CALL_TIMEOUT);
    }

    /** Runs {@code body} on the balancer's event loop and waits for the future it returns. */
    static <T> T call(Context context, Supplier<Future<T>> body, Duration timeout) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                body.get().onComplete(ar -> {
                    if (ar.succeeded()) {
                        result.complete(ar.result());
                    } else {
                        result.completeExceptionally(ar.cause());
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return await(result, timeout);
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the balancer's event loop did not answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
