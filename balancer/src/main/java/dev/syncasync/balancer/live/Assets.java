package dev.syncasync.balancer.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The page and its script and style, read from this jar once at start: a fixed list, so a path
 * can never name anything else, and nothing is fetched from anywhere at run time.
 */
final class Assets {

    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "live.js", "text/javascript; charset=utf-8",
            "live.css", "text/css; charset=utf-8");

    private final Map<String, Buffer> files = new LinkedHashMap<>();

    Assets() {
        for (String name : TYPES.keySet()) {
            files.put(name, read(name));
        }
    }

    private static Buffer read(String name) {
        try (InputStream in = Assets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the live view's " + name + " is missing from the balancer's jar");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers {@code name} with its type, or 404 when it is not one of the page's files. */
    void serve(HttpServerRequest request, String name) {
        Buffer body = files.get(name);
        if (body == null) {
            LiveHttp.json(request, 404, new JsonObject().put("error", "no route for GET " + request.path()
                    + "; the live view is at /"));
            return;
        }
        LiveHttp.secured(request.response()).putHeader("Content-Type", TYPES.get(name)).end(body);
    }
}
