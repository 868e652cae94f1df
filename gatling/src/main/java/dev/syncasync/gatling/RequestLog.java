package dev.syncasync.gatling;

import io.gatling.javaapi.core.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every measured request of one run, as the client saw it and as the lab reported it, kept
 * for the demo report's per-request timeline. Gatling's virtual users record from several
 * threads, hence the concurrent queue; the file is written once, after the run.
 *
 * <p>Columns: {@code name, endMs, responseMs, ok, worker, requestId, queueMs}: the client's
 * receive time (epoch ms) and response time, whether it succeeded, the worker that served
 * it, the balancer's request id (the {@code id} in {@code GET /admin/timeline}), and the time
 * it waited in the balancer's queue. The send time is {@code endMs - responseMs}.
 */
final class RequestLog {

    static final String HEADER = "name,endMs,responseMs,ok,worker,requestId,queueMs";

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    void record(String name, Session session) {
        long endMs = System.currentTimeMillis();
        Integer rt = session.contains("lab.rt") ? session.getInt("lab.rt") : null;
        lines.add(String.join(",",
                csv(name),
                Long.toString(endMs),
                rt == null ? "" : rt.toString(),
                Boolean.toString(!session.isFailed()),
                csv(session.getString("lab.worker")),
                blankIfNull(session.getString("lab.requestId")),
                blankIfNull(session.getString("lab.queueMs"))));
    }

    /** The CSV so far: the header, then one line per request. */
    List<String> lines() {
        List<String> out = new ArrayList<>(lines.size() + 1);
        out.add(HEADER);
        out.addAll(lines);
        return out;
    }

    void writeCsv(Path file) {
        try {
            Files.write(file, lines());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String blankIfNull(String s) {
        return s == null ? "" : s;
    }

    /** Names and thread names may hold commas; the report's reader splits on plain commas. */
    private static String csv(String s) {
        return s == null ? "" : s.replace(',', ';');
    }
}
