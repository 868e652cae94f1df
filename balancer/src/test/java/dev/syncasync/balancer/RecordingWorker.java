package dev.syncasync.balancer;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double of a worker that records every request line it receives and answers each with
 * {@code 200 ok} on a keep-alive connection: what reached "the worker", byte for byte. It reads
 * bodies by {@code Content-Length} or chunked framing, as a strict server would.
 */
final class RecordingWorker implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    RecordingWorker() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("recording-worker").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every request line received but the balancer's health checks, in order, such as {@code GET /work?io=0 HTTP/1.1}. */
    List<String> requestLines() {
        return requestLines;
    }

    /** The whole head (request line and header fields) of every request {@link #requestLines} lists, in order. */
    List<String> heads() {
        return heads;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                // Closed by close().
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (String head = readLine(in, true); head != null; head = readLine(in, true)) {
                String line = head.substring(0, head.indexOf("\r\n"));
                if (!line.startsWith("GET /health ")) {
                    requestLines.add(line);
                    heads.add(head);
                }
                skipBody(in, head);
                out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
                        .getBytes(US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // The balancer closed the connection.
        }
    }

    private static void skipBody(InputStream in, String head) throws IOException {
        String lower = head.toLowerCase(Locale.ROOT);
        if (lower.contains("\r\ntransfer-encoding: chunked")) {
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                in.readNBytes(size + 2);
            }
            readLine(in, false);
            return;
        }
        int at = lower.indexOf("\r\ncontent-length:");
        if (at >= 0) {
            int end = lower.indexOf("\r\n", at + 2);
            in.readNBytes(Integer.parseInt(lower.substring(at + 17, end).trim()));
        }
    }

    private static int chunkSize(InputStream in) throws IOException {
        String line = readLine(in, false);
        return line == null ? 0 : Integer.parseInt(line.trim(), 16);
    }

    /** A line (or, with {@code head}, everything up to the blank line), or null at the end of the stream. */
    private static String readLine(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String end = head ? "\r\n\r\n" : "\r\n";
        int matched = 0;
        while (matched < end.length()) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            bytes.write(b);
            matched = b == end.charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return bytes.toString(US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
