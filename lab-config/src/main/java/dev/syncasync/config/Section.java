package dev.syncasync.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One mapping of a YAML config file, read field by field with the defaults in code.
 *
 * <p>Every read names its field, so a bad value produces a {@link ConfigException} with
 * the file, the dotted path and the reason. An environment variable named after the path
 * ({@code balancer.max-queue} becomes {@code LAB_BALANCER_MAX_QUEUE}) overrides the file.
 * Keys that no read asked for are reported by {@link #rejectUnknownKeys()}.
 */
public final class Section {

    private final String file;
    private final String path;
    private final Map<?, ?> values;
    private final Map<String, String> env;
    private final Set<String> known = new LinkedHashSet<>();
    private final List<Section> children = new ArrayList<>();

    Section(String file, String path, Map<?, ?> values, Map<String, String> env) {
        this.file = file;
        this.path = path;
        this.values = values;
        this.env = env;
    }

    /** The environment variable that overrides {@code key} in this section. */
    public String envName(String key) {
        String dotted = path.isEmpty() ? key : path + "." + key;
        return "LAB_" + dotted.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A nested mapping; an absent key reads as an empty mapping, so all its defaults apply. */
    public Section section(String key) {
        known.add(key);
        Object raw = values.get(key);
        if (raw != null && !(raw instanceof Map)) {
            throw error(key, "must be a mapping of keys to values, got " + describe(raw));
        }
        Section child = new Section(file, field(key), raw == null ? Map.of() : (Map<?, ?>) raw, env);
        children.add(child);
        return child;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        Object raw = raw(key);
        if (raw == null) {
            return defaultValue;
        }
        long value;
        if (raw instanceof Integer || raw instanceof Long) {
            value = ((Number) raw).longValue();
        } else if (raw instanceof String s && s.strip().matches("-?\\d{1,18}")) {
            value = Long.parseLong(s.strip());
        } else {
            throw error(key, "must be an integer, got " + describe(raw));
        }
        if (value < min || value > max) {
            String range = max == Integer.MAX_VALUE ? ">= " + min : "in " + min + ".." + max;
            throw error(key, "must be " + range + ", got " + value);
        }
        return (int) value;
    }

    /**
     * An integer that may also be written {@code auto}, which reads as {@code autoValue}
     * (used for "one per CPU" counts).
     */
    public int integerOrAuto(String key, int defaultValue, int autoValue, int min, int max) {
        Object raw = raw(key);
        if (raw instanceof String s && s.strip().equalsIgnoreCase("auto")) {
            return autoValue;
        }
        return integer(key, defaultValue, min, max);
    }

    public boolean bool(String key, boolean defaultValue) {
        Object raw = raw(key);
        if (raw == null) {
            return defaultValue;
        }
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw error(key, "must be true or false, got " + describe(raw));
    }

    public String string(String key, String defaultValue) {
        Object raw = raw(key);
        if (raw == null) {
            return defaultValue;
        }
        if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
            return raw.toString();
        }
        throw error(key, "must be a string, got " + describe(raw));
    }

    /** A value from a fixed set, such as {@code sync|async}; the message lists the choices. */
    public <T> T choice(String key, T defaultValue, Map<String, T> choices) {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        T value = choices.get(text.strip().toLowerCase(Locale.ROOT));
        if (value == null) {
            throw error(key, "must be one of " + String.join(", ", choices.keySet()) + ", got '" + text + "'");
        }
        return value;
    }

    /** A list of strings; in the environment, a comma-separated value. */
    public List<String> strings(String key) {
        Object raw = raw(key);
        if (raw == null) {
            return List.of();
        }
        if (raw instanceof String s) {
            return s.isBlank() ? List.of() : List.of(s.split("\\s*,\\s*"));
        }
        if (raw instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof String) && !(item instanceof Number)) {
                    throw error(key, "must be a list of strings, got an item " + describe(item));
                }
                out.add(item.toString().strip());
            }
            return List.copyOf(out);
        }
        throw error(key, "must be a list of strings, got " + describe(raw));
    }

    /** Whether the key is present in the file or the environment (even with an empty value). */
    public boolean has(String key) {
        return values.containsKey(key) || env.containsKey(envName(key));
    }

    /** Checks this section and every nested one read so far for keys nobody asked for. */
    public void rejectUnknownKeys() {
        for (Object key : values.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw new ConfigException(file, field(String.valueOf(key)),
                        "unknown key (known keys here: " + String.join(", ", known) + ")");
            }
        }
        children.forEach(Section::rejectUnknownKeys);
    }

    /** An error about a field of this section whose value passed the type checks. */
    public ConfigException error(String key, String reason) {
        String fromEnv = env.get(envName(key));
        String source = fromEnv != null ? "environment variable " + envName(key) : file;
        return new ConfigException(source, field(key), reason);
    }

    private Object raw(String key) {
        known.add(key);
        String fromEnv = env.get(envName(key));
        return fromEnv != null ? fromEnv : values.get(key);
    }

    private String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String describe(Object raw) {
        Function<Object, String> kind = v -> v instanceof Map ? "a mapping"
                : v instanceof List ? "a list"
                : v instanceof String ? "'" + v + "'"
                : String.valueOf(v);
        return kind.apply(raw);
    }
}
