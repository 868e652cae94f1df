package dev.syncasync.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A worker's {@code host:port}, as listed in a pool's {@code addresses}.
 *
 * @param host name or IP address
 * @param port TCP port, 1..65535
 */
public record WorkerAddress(String host, int port) {

    /** Parses {@code host:port}; returns null when the text is not of that form. */
    public static WorkerAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return null;
        }
        String host = text.substring(0, colon);
        String port = text.substring(colon + 1);
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
            return null;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new WorkerAddress(host, Integer.parseInt(port));
    }

    static List<String> parseAll(Section s, String key) {
        List<String> raw = s.strings(key);
        List<String> out = new ArrayList<>();
        for (String item : raw) {
            if (parse(item) == null) {
                throw s.error(key, "items must be host:port with a port in 1..65535, got '" + item + "'");
            }
            out.add(item);
        }
        return out;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
