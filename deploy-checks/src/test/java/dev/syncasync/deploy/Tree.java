package dev.syncasync.deploy;

import java.util.List;
import java.util.Map;

/** Reading the maps and lists SnakeYAML makes of a manifest, by path. */
final class Tree {

    private Tree() {
    }

    /** The value at {@code path} (map keys, or list indexes as numbers), or null where the path ends early. */
    static Object at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step instanceof Integer i && i < list.size()) {
                current = list.get(i);
            } else {
                return null;
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, Object... path) {
        Object value = at(node, path);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, Object... path) {
        Object value = at(node, path);
        return value == null ? List.of() : (List<Object>) value;
    }

    static String string(Object node, Object... path) {
        Object value = at(node, path);
        return value == null ? null : value.toString();
    }

    static String name(Map<String, Object> object) {
        return string(object, "metadata", "name");
    }
}
