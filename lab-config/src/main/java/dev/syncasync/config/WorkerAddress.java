package dev.syncasync.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A worker's {@code host:port}, as listed in a pool's {@code addresses}, optionally followed by
 * {@code ;h2c=PORT}: the port of an async worker's own h2c listener ({@code async.h2c-base-port}),
 * which a balancer otherwise learns from the registry.
 *
 * @param host    name or IP address
 * @param port    TCP port, 1..65535
 * @param h2cPort its h2c listener's port, or 0 when h2c goes to {@code port}
 */
public record WorkerAddress(String host, int port, int h2cPort) {

    private static final String H2C = ";h2c=";

    /** Parses {@code host:port[;h2c=PORT]}; returns null when the text is not of that form. */
    public static WorkerAddress parse(String text) {
        int h2c = text.indexOf(H2C);
        int h2cPort = 0;
        if (h2c >= 0) {
            h2cPort = port(text.substring(h2c + H2C.length()));
            if (h2cPort == 0) {
                return null;
            }
            text = text.substring(0, h2c);
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return null;
        }
        String host = text.substring(0, colon);
        int port = port(text.substring(colon + 1));
        if (port == 0) {
            return null;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new WorkerAddress(host, port, h2cPort);
    }

    /** A port in 1..65535, or 0 when the text is not one. */
    private static int port(String text) {
        if (!text.matches("\\d{1,5}")) {
            return 0;
        }
        int port = Integer.parseInt(text);
        return port <= 65_535 ? port : 0;
    }

    static List<String> parseAll(Section s, String key) {
        List<String> raw = s.strings(key);
        List<String> out = new ArrayList<>();
        for (String item : raw) {
            if (parse(item) == null) {
                throw s.error(key, "items must be host:port (an async worker's optionally with ;h2c=PORT) with ports in "
                        + "1..65535, got '" + item + "'");
            }
            out.add(item);
        }
        return out;
    }

    /** {@code host:port}, without the h2c port: the worker's name in the balancer. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
