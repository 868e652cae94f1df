package dev.syncasync.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@code ./lab tasks}: starts tasks of one kind in a fresh JVM, so each kind's
 * memory is measured from the same baseline, prints one {@link TaskResult} as a JSON line and
 * exits while the tasks still wait. {@code sleep MS} is a process task: it says {@code ready},
 * then sleeps.
 *
 * <p>Arguments: {@code KIND CREATE REQUESTED SLEEP_MS}, or {@code sleep SLEEP_MS}.
 */
public final class TaskRun {

    private TaskRun() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("sleep")) {
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
            return;
        }
        TaskKind kind = TaskKind.valueOf(args[0]);
        int create = Integer.parseInt(args[1]);
        long requested = Long.parseLong(args[2]);
        long sleepMs = Long.parseLong(args[3]);
        TaskResult result = switch (kind) {
            case VIRTUAL -> threads(kind, create, requested, sleepMs, Thread.ofVirtual());
            case PLATFORM -> threads(kind, create, requested, sleepMs, Thread.ofPlatform().daemon());
            case TIMERS -> timers(create, requested, sleepMs);
            case PROCESSES -> throw new IllegalArgumentException("processes are started by the parent");
        };
        System.out.println(result.toJson());
        System.out.flush();
        // The tasks still wait; nobody needs them to finish.
        Runtime.getRuntime().halt(0);
    }

    /**
     * {@code create} threads from {@code builder}, each counting itself waiting and then sleeping;
     * the clock stops when all of them wait. A platform thread the OS refuses ends the run there.
     */
    static TaskResult threads(TaskKind kind, int create, long requested, long sleepMs, Thread.Builder builder)
            throws InterruptedException {
        CountDownLatch waiting = new CountDownLatch(create);
        Runnable task = () -> {
            waiting.countDown();
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        // One thread first, started and joined: the scheduler and the classes are loaded before the clock runs.
        builder.start(() -> { }).join();
        System.gc();
        long before = Rss.self();
        long start = System.nanoTime();
        int created = 0;
        String stoppedBy = null;
        try {
            for (; created < create; created++) {
                builder.start(task);
            }
        } catch (OutOfMemoryError e) {
            stoppedBy = String.valueOf(e.getMessage());
        }
        for (int i = created; i < create; i++) {
            waiting.countDown();
        }
        waiting.await();
        long nanos = System.nanoTime() - start;
        return new TaskResult(kind, requested, created, nanos, Rss.self() - before, stoppedBy);
    }

    /** {@code create} timers of {@code sleepMs} set on one event loop, from that loop. */
    static TaskResult timers(int create, long requested, long sleepMs) throws Exception {
        // One loop, as an asyncio program has; setting a million timers blocks it for a while on purpose.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setMaxEventLoopExecuteTime(10).setMaxEventLoopExecuteTimeUnit(TimeUnit.MINUTES));
        CompletableFuture<Void> warm = new CompletableFuture<>();
        vertx.runOnContext(v -> warm.complete(null));
        warm.get();
        System.gc();
        long before = Rss.self();
        CompletableFuture<Long> done = new CompletableFuture<>();
        long start = System.nanoTime();
        vertx.runOnContext(v -> {
            for (int i = 0; i < create; i++) {
                vertx.setTimer(sleepMs, id -> { });
            }
            done.complete(System.nanoTime());
        });
        long nanos = done.get() - start;
        return new TaskResult(TaskKind.TIMERS, requested, create, nanos, Rss.self() - before, null);
    }
}
