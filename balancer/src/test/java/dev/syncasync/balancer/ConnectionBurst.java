package dev.syncasync.balancer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * N requests at once, each on a connection of its own, from one thread (a selector): all the
 * connects are issued first, then each connection sends its request as soon as it is open and
 * reads its answer to the end ({@code Connection: close}). What a crowd of clients arriving
 * together looks like to a server, without a thread per client.
 */
final class ConnectionBurst {

    /** One answer: its status (0 when none came) and when it ended, from the burst's start. */
    record Answer(int status, long endMs, String error) {
    }

    private ConnectionBurst() {
    }

    static List<Answer> run(int port, int n, String target, Duration timeout) throws IOException {
        byte[] request = ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        List<Answer> answers = new ArrayList<>(n);
        long start = System.nanoTime();
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < n; i++) {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Conn c = new Conn(ByteBuffer.wrap(request));
                ch.register(selector, ch.connect(new InetSocketAddress("127.0.0.1", port)) ? SelectionKey.OP_WRITE
                        : SelectionKey.OP_CONNECT, c);
            }
            long deadline = start + timeout.toNanos();
            int remaining = n;
            while (remaining > 0 && System.nanoTime() < deadline) {
                selector.select(100);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Conn c = (Conn) key.attachment();
                    SocketChannel ch = (SocketChannel) key.channel();
                    try {
                        if (key.isConnectable()) {
                            ch.finishConnect();
                            key.interestOps(SelectionKey.OP_WRITE);
                        } else if (key.isWritable()) {
                            ch.write(c.out);
                            if (!c.out.hasRemaining()) {
                                key.interestOps(SelectionKey.OP_READ);
                            }
                        } else if (key.isReadable()) {
                            if (c.read(ch) < 0) {
                                answers.add(c.answer(start, null));
                                key.cancel();
                                ch.close();
                                remaining--;
                            }
                        }
                    } catch (IOException e) {
                        answers.add(c.answer(start, e.toString()));
                        key.cancel();
                        ch.close();
                        remaining--;
                    }
                }
            }
            for (SelectionKey key : selector.keys()) {
                Conn c = (Conn) key.attachment();
                if (!c.done) {
                    answers.add(c.answer(start, "no answer within " + timeout));
                }
                key.channel().close();
            }
        }
        return answers;
    }

    private static final class Conn {
        final ByteBuffer out;
        final ByteBuffer in = ByteBuffer.allocate(16);
        boolean done;

        Conn(ByteBuffer out) {
            this.out = out;
        }

        /** Reads; keeps the first bytes (the status line). */
        int read(SocketChannel ch) throws IOException {
            if (in.hasRemaining()) {
                return ch.read(in);
            }
            return ch.read(ByteBuffer.allocate(4096));
        }

        Answer answer(long start, String error) {
            done = true;
            String head = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
            int status = head.startsWith("HTTP/1.1 ") && head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : 0;
            return new Answer(status, (System.nanoTime() - start) / 1_000_000, error);
        }
    }
}
