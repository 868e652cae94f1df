package dev.syncasync.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The balancer in a JVM of its own: {@code java FLAGS -cp CLASSPATH BenchBalancerMain HOST PORT},
 * with this JVM's own flags (the ones {@code ./lab} gives every server); {@link BenchServers} pins
 * it to its core once the warm-up is over. It is always killed: on {@link #close}, and by a
 * shutdown hook on Ctrl-C or any exit of this JVM; if this JVM dies without hooks, the child sees
 * its input end and exits.
 */
final class BalancerProcess implements BalancerUnderTest {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final String EXITED = "\0exited";
    private static final int LOG_LINES = 30;
    /** Flags a child must not inherit: a second debugger or agent on the same port or file. */
    private static final List<String> NOT_INHERITED = List.of("-agentlib", "-agentpath", "-javaagent", "-Xrunjdwp",
            "-Xdebug");

    private final Process process;
    private final Thread killer;
    private final Writer commands;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    /** The child's last log lines, for the message when it fails. Guarded by itself. */
    private final Deque<String> log = new ArrayDeque<>();
    private int port;

    private BalancerProcess(Process process) {
        this.process = process;
        this.killer = new Thread(this::kill, "bench-balancer-kill");
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts the child in front of the worker at host:port; returns once it listens. */
    static BalancerProcess start(String workerHost, int workerPort) throws IOException {
        List<String> command = command(Path.of(System.getProperty("java.home"), "bin", "java"),
                childFlags(ManagementFactory.getRuntimeMXBean().getInputArguments()),
                System.getProperty("java.class.path"), workerHost, workerPort);
        BalancerProcess child = new BalancerProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        Runtime.getRuntime().addShutdownHook(child.killer);
        Thread reader = new Thread(child::drain, "bench-balancer-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String ready = child.await(START_TIMEOUT, "start");
            if (!ready.matches("ready \\d+")) {
                throw child.failure("sent '" + ready + "' instead of its port");
            }
            child.port = Integer.parseInt(ready.substring("ready ".length()));
            return child;
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
    }

    /** The child's command line: java, our flags, the bench main and the worker's address. */
    static List<String> command(Path java, List<String> flags, String classPath, String workerHost,
                                int workerPort) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(flags);
        command.addAll(List.of("-cp", classPath, BenchBalancerMain.class.getName(), workerHost,
                Integer.toString(workerPort)));
        return command;
    }

    /** This JVM's flags minus debuggers and agents, which would clash with ours. */
    static List<String> childFlags(List<String> ours) {
        return ours.stream().filter(f -> NOT_INHERITED.stream().noneMatch(f::startsWith)).toList();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long ownPid() {
        return process.pid();
    }

    @Override
    public long localThread() {
        return -1;
    }

    @Override
    public synchronized JvmSample sampleOwnJvm() {
        try {
            commands.write("sample\n");
            commands.flush();
        } catch (IOException e) {
            throw failure("cannot be asked for its counters: " + e.getMessage());
        }
        String reply = await(REPLY_TIMEOUT, "send its counters");
        if (!reply.startsWith("sample ")) {
            throw failure("sent '" + reply + "' instead of its counters");
        }
        return JvmSample.decode(reply.substring("sample ".length()));
    }

    /** Asks the child to stop (end of its input), waits a little, then kills it whatever it did. */
    @Override
    public void close() {
        try {
            commands.close();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            // Its input is gone already: it is stopping, or dead.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            kill();
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException e) {
                // This JVM is shutting down: the hook runs anyway, and kills a process already gone.
            }
        }
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** On its own thread: the child's output, read at once so a full pipe can never block its event loop. */
    private void drain() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(BenchBalancerMain.PREFIX)) {
                    replies.add(line.substring(BenchBalancerMain.PREFIX.length()));
                } else {
                    synchronized (log) {
                        log.addLast(line);
                        if (log.size() > LOG_LINES) {
                            log.removeFirst();
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The child is gone; EXITED below says so.
        } finally {
            replies.add(EXITED);
        }
    }

    private String await(Duration timeout, String what) {
        try {
            String reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (reply == null) {
                throw failure("did not " + what + " within " + timeout.toSeconds() + " s");
            }
            if (reply.equals(EXITED)) {
                replies.add(EXITED);
                throw failure("exited before it could " + what);
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("was waited for by an interrupted thread");
        }
    }

    private IllegalStateException failure(String what) {
        String tail;
        synchronized (log) {
            tail = String.join("\n  ", log);
        }
        return new IllegalStateException("the balancer's JVM (pid " + process.pid() + ") " + what
                + (tail.isEmpty() ? "" : "; its last output:\n  " + tail));
    }
}
