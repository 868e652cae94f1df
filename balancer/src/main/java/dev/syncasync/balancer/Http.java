package dev.syncasync.balancer;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/** Small helpers for the balancer's own JSON answers. */
final class Http {

    private Http() {
    }

    /**
     * The {@code X-Forwarded-For} a worker gets: the client's own fields (every one, in order,
     * joined as one list) with the address the balancer saw appended, as RFC 7239's predecessor
     * convention has each proxy do; just that address when the client sent none.
     */
    static String forwardedFor(java.util.List<String> sent, String remote) {
        if (sent == null || sent.isEmpty()) {
            return remote;
        }
        StringBuilder b = new StringBuilder();
        for (String value : sent) {
            String v = value.strip();
            if (!v.isEmpty()) {
                b.append(v).append(", ");
            }
        }
        return b.append(remote).toString();
    }

    static void json(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(body.encodePrettily() + "\n");
    }

    /** A string field of a JSON object body, or null when the body is empty, not JSON, or lacks it. */
    static String field(io.vertx.core.buffer.Buffer body, String name) {
        try {
            Object value = body.length() == 0 ? null : new JsonObject(body).getValue(name);
            return value == null ? null : value.toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * A numeric query parameter, {@code defaultValue} when absent; answers 400 naming it and
     * returns null when it is not an integer in {@code min..max}.
     */
    static Long longParam(HttpServerRequest request, String name, long defaultValue, long min, long max) {
        String text = request.getParam(name);
        if (text == null) {
            return defaultValue;
        }
        if (text.matches("\\d{1,18}") && Long.parseLong(text) >= min && Long.parseLong(text) <= max) {
            return Long.parseLong(text);
        }
        json(request, 400, new JsonObject().put("error", name + " must be an integer >= " + min + ", got '" + text + "'")
                .put("parameter", name));
        return null;
    }
}
