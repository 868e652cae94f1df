package dev.syncasync.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a {@code main} in a fresh JVM with the test class path, as {@code java -jar} would. */
public final class ChildJvm {

    private static final Pattern URL = Pattern.compile("listening on (http://\\S+)");

    private ChildJvm() {
    }

    /** What a finished child printed and how it exited. */
    public record Outcome(int exitCode, String stdout, String stderr) {
    }

    /** Runs {@code main} to completion (at most 60 s) and collects its output. */
    public static Outcome run(String main, String... args) throws IOException, InterruptedException {
        Process process = of(main, args).start();
        // Read both streams while it runs, so a chatty child cannot block on a full pipe.
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(main + " did not exit within 60 s");
        }
        return new Outcome(process.exitValue(), out.join(), err.join());
    }

    public static ProcessBuilder of(Class<?> main, String... args) {
        return of(main.getName(), args);
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh JVM running {@code main} with this JVM's class path. */
    public static ProcessBuilder of(String main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main);
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** Reads the child's stderr until its "listening on URL" log line; returns the URL. */
    public static String awaitUrl(Process process) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = err.readLine(); line != null; line = err.readLine()) {
            seen.append(line).append('\n');
            Matcher m = URL.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("the child exited without logging its URL:\n" + seen);
    }
}
