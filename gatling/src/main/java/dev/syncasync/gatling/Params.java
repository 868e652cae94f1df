package dev.syncasync.gatling;

import java.util.ArrayList;
import java.util.List;

/**
 * A simulation's parameters, read from system properties ({@code -Dio=400}) with defaults.
 * A wrong value stops the run before any request, with a message naming the property.
 */
final class Params {

    private Params() {
    }

    static String text(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    static int integer(String name, int fallback, int min, int max) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the range
        }
        throw new IllegalArgumentException("-D" + name + " must be an integer in " + min + ".." + max + ", got '" + value + "'");
    }

    static long longInteger(String name, long fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + " must be an integer, got '" + value + "'");
        }
    }

    static double decimal(String name, double fallback, double min, double max) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the range
        }
        throw new IllegalArgumentException("-D" + name + " must be a number in " + min + ".." + max + ", got '" + value + "'");
    }

    /** A comma-separated list of integers, e.g. {@code -Dn=1,10,100}. */
    static List<Integer> integers(String name, List<Integer> fallback, int min, int max) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        List<Integer> out = new ArrayList<>();
        for (String part : value.split(",")) {
            try {
                int parsed = Integer.parseInt(part.trim());
                if (parsed >= min && parsed <= max) {
                    out.add(parsed);
                    continue;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the range
            }
            throw new IllegalArgumentException("-D" + name + " must be a comma-separated list of integers in " + min
                    + ".." + max + ", got '" + value + "'");
        }
        return List.copyOf(out);
    }
}
