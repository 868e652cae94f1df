package dev.syncasync.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a topology file into a {@link LabConfig}: YAML, then environment overrides, then
 * validation. Anything wrong is a {@link ConfigException} naming file, field and reason.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** The defaults in code with the process environment as overrides: for a server run without a file. */
    public static LabConfig fromEnvironment() {
        return parse("", "defaults", System.getenv());
    }

    /** Reads {@code file} with the process environment as overrides. */
    public static LabConfig load(Path file) {
        return load(file, System.getenv());
    }

    public static LabConfig load(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "", "no such file");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "", "cannot read: " + e.getMessage());
        }
        return parse(text, file.toString(), env);
    }

    /** Parses YAML text; {@code source} names it in error messages. */
    public static LabConfig parse(String yaml, String source, Map<String, String> env) {
        return LabConfig.read(new Section(source, "", readMapping(yaml, source), env));
    }

    /**
     * Reads another kind of lab file (a sweep, say) as a root {@link Section}, with the same YAML
     * rules and error messages as a topology file; {@code env} overrides it like a topology's.
     */
    public static Section section(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "", "no such file");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "", "cannot read: " + e.getMessage());
        }
        return new Section(file.toString(), "", readMapping(text, file.toString()), env);
    }

    private static Map<?, ?> readMapping(String yaml, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            String where = mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
            throw new ConfigException(source, "", "invalid YAML: " + where + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(source, "", "invalid YAML: " + e.getMessage());
        }
        if (doc == null) {
            return Map.of();
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new ConfigException(source, "", "must be a mapping of keys, got "
                    + (doc instanceof java.util.List ? "a list" : "'" + doc + "'"));
        }
        return map;
    }
}
