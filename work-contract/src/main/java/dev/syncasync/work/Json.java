package dev.syncasync.work;

/**
 * A flat JSON object writer for the few small bodies the workers send, so the sync worker
 * needs no JSON library. Keys keep insertion order.
 */
public final class Json {

    private final StringBuilder out = new StringBuilder("{");

    private Json() {
    }

    public static Json object() {
        return new Json();
    }

    public Json put(String key, String value) {
        key(key);
        if (value == null) {
            out.append("null");
        } else {
            quote(value);
        }
        return this;
    }

    public Json put(String key, long value) {
        key(key);
        out.append(value);
        return this;
    }

    public Json put(String key, boolean value) {
        key(key);
        out.append(value);
        return this;
    }

    /** A number written with three decimals, such as milliseconds with microsecond precision. */
    public Json putMillis(String key, double value) {
        key(key);
        out.append(Millis.format(value));
        return this;
    }

    @Override
    public String toString() {
        return out + "}";
    }

    private void key(String key) {
        if (out.length() > 1) {
            out.append(',');
        }
        quote(key);
        out.append(':');
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
