package dev.syncasync.server;

import dev.syncasync.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Command-line options of the form {@code --name value} or {@code --name=value}, checked
 * against the options a command knows. A bad command line is a {@link ConfigException}, so
 * it exits with code 2 like a bad config file.
 */
public final class Args {

    private final Map<String, String> values;

    private Args(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param args    the command line
     * @param known   the option names this command accepts, without dashes
     * @param command the command's name, for messages
     */
    public static Args parse(String[] args, Set<String> known, String command) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw usage(command, known, "unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw usage(command, known, "--" + name + " needs a value");
            }
            if (!known.contains(name)) {
                throw usage(command, known, "unknown option --" + name);
            }
            values.put(name, value);
        }
        return new Args(values);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** An integer option in {@code min..max}. */
    public Optional<Integer> integer(String name, int min, int max) {
        String text = values.get(name);
        if (text == null) {
            return Optional.empty();
        }
        if (!text.matches("-?\\d{1,9}") || Integer.parseInt(text) < min || Integer.parseInt(text) > max) {
            throw new ConfigException("command line", "--" + name, "must be an integer in " + min + ".." + max
                    + ", got '" + text + "'");
        }
        return Optional.of(Integer.parseInt(text));
    }

    private static ConfigException usage(String command, Set<String> known, String reason) {
        List<String> options = known.stream().sorted().map(k -> "--" + k + " VALUE").toList();
        return new ConfigException("command line", "", reason + " (usage: " + command + " "
                + String.join(" ", options) + ")");
    }
}
