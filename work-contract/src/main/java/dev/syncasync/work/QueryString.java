package dev.syncasync.work;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decodes a raw query string the same way on both workers, so both reject the same input. */
public final class QueryString {

    private QueryString() {
    }

    /**
     * {@code io=10&cpu=5} to {@code {io=[10], cpu=[5]}}.
     *
     * @throws BadParameterException when a name or value is not valid percent-encoding
     */
    public static Map<String, List<String>> parse(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), pair);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
            out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        return out;
    }

    private static String decode(String text, String parameter) {
        // Most names and values have nothing to decode; URLDecoder would still build a copy of each.
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(parameter, parameter + " is not valid percent-encoding: " + e.getMessage());
        }
    }
}
