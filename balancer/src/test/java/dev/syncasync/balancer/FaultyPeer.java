package dev.syncasync.balancer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double of a worker that crashes mid-request: it accepts a connection, reads the
 * request head, then closes the socket without answering.
 */
final class FaultyPeer implements AutoCloseable {

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();

    FaultyPeer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().name("faulty-peer").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The request lines it received, such as {@code GET /work?io=0 HTTP/1.1}. */
    List<String> requestLines() {
        return requestLines;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                String head = readHead(socket.getInputStream());
                requestLines.add(head.substring(0, head.indexOf("\r\n")));
            } catch (IOException e) {
                // Closed by close(), or a peer that went away first: either way, next connection.
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the end of the request head");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
