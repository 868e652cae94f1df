package dev.syncasync.bench;

/**
 * The four ways {@code ./lab tasks} starts N tasks that each wait, after the seed's table
 * (coroutines, threads, processes) in Java.
 */
enum TaskKind {
    /** One virtual thread per task, each in {@code Thread.sleep}: the greenlet way, blocking code. */
    VIRTUAL("virtual threads"),
    /** One Vert.x timer per task on one event loop: the coroutine way, a callback when it fires. */
    TIMERS("event-loop timers (Vert.x)"),
    /** One platform thread per task, each in {@code Thread.sleep}: an OS thread and its stack each. */
    PLATFORM("platform threads"),
    /** One JVM per task, each its own runtime (like a gunicorn worker with its own interpreter), sleeping. */
    PROCESSES("processes (a JVM each)");

    private final String label;

    TaskKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
