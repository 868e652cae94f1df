package dev.syncasync.asyncworker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a {@code main} in a fresh JVM with the test class path, as {@code java -jar} would. */
final class ChildJvm {

    private static final Pattern URL = Pattern.compile("listening on (http://\\S+)");

    private ChildJvm() {
    }

    static ProcessBuilder of(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** Reads the child's stderr until its "listening on URL" log line; returns the URL. */
    static String awaitUrl(Process process) throws IOException {
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
