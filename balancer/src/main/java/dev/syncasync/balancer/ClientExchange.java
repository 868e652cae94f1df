package dev.syncasync.balancer;

/**
 * The client side of one request, whichever data plane read it (Vert.x's HTTP server or the
 * Netty pipeline): where the balancer's own answers (503, 502, 504, 400) are written, and how
 * it learns that the client hung up. May be called from any thread; an implementation hops
 * onto its connection's event loop when it must.
 */
interface ClientExchange {

    /** Whether an answer may still be written: none was begun and the connection is open. */
    boolean answerable();

    /**
     * Writes a complete answer of the balancer's own.
     *
     * @param headers name, value, name, value, ... (besides Content-Type and Content-Length)
     * @param close   say {@code Connection: close} and close the connection once it is written
     */
    void answer(int status, String contentType, String body, String[] headers, boolean close);

    /** Runs {@code action} (once) when the client closes the connection before its answer ended. */
    void onClose(Runnable action);
}
