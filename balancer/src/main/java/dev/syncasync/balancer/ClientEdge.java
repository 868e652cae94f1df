package dev.syncasync.balancer;

import dev.syncasync.config.BalancerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the client port accepts, below Vert.x's request handler: at most
 * {@code max-client-connections} connections (a new one past it gets a 503 at once and is
 * closed), strict HTTP/1.1 framing and header limits ({@link StrictRequestDecoder}), and the
 * header, body and idle timeouts ({@link ClientConnection}). Vert.x has no option for these, so
 * they are Netty handlers put into each new connection's pipeline from the server's connection
 * handler, which Vert.x calls on the event loop before the connection's first byte is read.
 * One per client server; confined to the balancer's event loop.
 */
final class ClientEdge {

    private static final Logger LOG = LoggerFactory.getLogger(ClientEdge.class);
    private static final AttributeKey<Throwable> BODY_FAILURE = AttributeKey.valueOf("lab.bodyFailure");
    /** How long a refused connection is kept to let its client read the 503 before the close. */
    private static final long LINGER_MS = 1_000;

    private final BalancerConfig config;
    private final HttpServerOptions options;
    private final Consumer<String> closed;
    private final int retryAfterSeconds;
    private int open;
    private long refusedSinceLog;

    /**
     * @param closed told the reason of every connection the edge closes or refuses
     *               ("over-limit", "header-timeout", "body-timeout", "idle-timeout")
     */
    ClientEdge(BalancerConfig config, HttpServerOptions options, Consumer<String> closed) {
        this.config = config;
        this.options = options;
        this.closed = closed;
        this.retryAfterSeconds = config.retryAfterSeconds();
    }

    /** The options of the client server: the header limits, and no HTTP/2 upgrade (the balancer proxies HTTP/1.1). */
    static HttpServerOptions serverOptions(BalancerConfig config) {
        return new HttpServerOptions().setHost(config.host()).setPort(config.port())
                .setMaxHeaderSize(config.maxHeaderBytes())
                .setMaxInitialLineLength(config.maxRequestLineBytes())
                .setHttp2ClearTextEnabled(false)
                // No WebSocket compression: the handler costs every request a pipeline step.
                .setPerFrameWebSocketCompressionSupported(false)
                .setPerMessageWebSocketCompressionSupported(false);
    }

    /**
     * The client port's server: this edge in front of the {@link ClientApi}, which hands requests
     * to {@code dispatcher}. The real port and the start-up {@link Warmup} are built the same way.
     */
    static HttpServer server(Vertx vertx, BalancerConfig config, Dispatcher dispatcher, Responder responder,
                             BalancerMetrics metrics) {
        HttpServerOptions options = serverOptions(config);
        ClientEdge edge = new ClientEdge(config, options, metrics::clientClosed);
        metrics.clientConnections(edge::open);
        ClientApi api = new ClientApi(dispatcher, responder, edge);
        return vertx.createHttpServer(options).connectionHandler(edge::accept).invalidRequestHandler(api::invalid)
                .requestHandler(api);
    }

    /** Client connections open now. */
    int open() {
        return open;
    }

    /** Vert.x's connection handler: refuses a connection past the limit, else installs the edge's handlers. */
    void accept(HttpConnection connection) {
        Channel channel = ((ConnectionBase) connection).channel();
        if (open >= config.maxClientConnections()) {
            refuse(channel);
            return;
        }
        open++;
        channel.closeFuture().addListener(f -> open--);
        ChannelPipeline pipeline = channel.pipeline();
        ClientConnection timers = new ClientConnection(config.clientHeaderTimeoutMs(), config.clientIdleTimeoutMs(),
                closed);
        pipeline.replace("httpDecoder", "httpDecoder", new StrictRequestDecoder(options, config.maxHeaderCount(),
                timers));
        pipeline.addBefore("handler", "clientTimeouts", timers);
    }

    /**
     * 503 before reading anything: the input is discarded (never decoded, never forwarded), the
     * answer sent, the output shut, and the connection closed when the client closes its side
     * or after a second: closing at once with unread input would reset the connection and could
     * destroy the 503 before the client reads it.
     */
    private void refuse(Channel channel) {
        closed.accept("over-limit");
        if (refusedSinceLog++ == 0) {
            LOG.atWarn().log(() -> "client connections at balancer.max-client-connections ("
                    + config.maxClientConnections() + "): refusing new ones with 503 until some close");
            channel.eventLoop().schedule(() -> refusedSinceLog = 0, 10, TimeUnit.SECONDS);
        }
        refuseConnection(channel, config);
    }

    /** The 503 of {@link #refuse}, for either data plane: discard the input, answer, shut the output, close later. */
    static void refuseConnection(Channel channel, BalancerConfig config) {
        int retryAfterSeconds = config.retryAfterSeconds();
        FullHttpResponse response = response(HttpResponseStatus.SERVICE_UNAVAILABLE, new JsonObject()
                .put("error", config.maxClientConnections() + " client connections are open (balancer."
                        + "max-client-connections)").put("reason", "too-many-connections")
                .put("retryAfterSeconds", retryAfterSeconds));
        response.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfterSeconds);
        answerAndLinger(channel, channel, response);
    }

    /**
     * The last answer on a connection whose client may still be sending (a 408 to a slowloris, a
     * 503 at the connection cap, a 413 with its body unread): from now on the input is read and
     * discarded, the answer is written, the output shut (a FIN right behind the answer), and the
     * connection closed when the client closes its side or after {@link #LINGER_MS}. Closing at
     * once would reset the connection (RFC 9112 section 9.6): a socket closed with unread input,
     * or one that receives data after its close, sends an RST, and an RST that reaches the client
     * before it read the answer destroys the answer in the client's receive buffer ("connection
     * reset" instead of the 408). This is Apache's "lingering close". {@code writer} is the
     * channel, or a handler's context when the answer must not pass the handlers behind it.
     */
    static void answerAndLinger(Channel channel, ChannelOutboundInvoker writer, Object response) {
        if (channel.pipeline().get("discard") == null) {
            channel.pipeline().addFirst("discard", new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg);
                }
            });
        }
        // Reading must go on while the answer lingers, whatever paused it: else the input piles up unread.
        channel.config().setAutoRead(true);
        writer.writeAndFlush(response).addListener(f -> {
            if (channel instanceof DuplexChannel duplex && channel.isActive()) {
                duplex.shutdownOutput();
            }
            channel.eventLoop().schedule(() -> channel.close(), LINGER_MS, TimeUnit.MILLISECONDS);
        });
    }

    /** Remembers that the body of the request being read on {@code channel} broke its chunked framing. */
    static void bodyFailed(Channel channel, Throwable cause) {
        channel.attr(BODY_FAILURE).set(cause);
    }

    /** Why the body of the request just read on {@code channel} was cut short, or null; forgets it. */
    static Throwable takeBodyFailure(Channel channel) {
        return channel.attr(BODY_FAILURE).getAndSet(null);
    }

    /** Why the body of {@code request} was cut short (an invalid chunk), or null when it arrived whole. */
    static Throwable bodyFailure(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        return connection instanceof ConnectionBase base ? base.channel().attr(BODY_FAILURE).get() : null;
    }

    /**
     * The status and message for a request head Netty or the {@link StrictRequestDecoder} refused:
     * 414 for a long request line, 431 for too many or too large header fields, 400 for the rest.
     */
    Refused refused(Throwable cause) {
        return refused(config, cause);
    }

    /** {@link #refused(Throwable)} for a data plane without a {@code ClientEdge}. */
    static Refused refused(BalancerConfig config, Throwable cause) {
        if (cause instanceof StrictRequestDecoder.Refusal refusal) {
            return new Refused(refusal.status().code(), refusal.getMessage());
        }
        if (cause instanceof TooLongHttpLineException) {
            return new Refused(414, "the request line is longer than balancer.max-request-line-bytes ("
                    + config.maxRequestLineBytes() + " bytes)");
        }
        if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            return new Refused(431, "the request header fields are larger than balancer.max-header-bytes ("
                    + config.maxHeaderBytes() + " bytes)");
        }
        return new Refused(400, "malformed request: " + (cause == null ? "unknown" : cause.getMessage()));
    }

    /** A status and the message of its JSON body. */
    record Refused(int status, String message) {
    }

    /** Writes a JSON error with {@code Connection: close} from a pipeline handler, then closes ({@link #answerAndLinger}). */
    static void writeAndClose(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        answerAndLinger(ctx.channel(), ctx, response(status, new JsonObject().put("error", message)));
    }

    static FullHttpResponse response(HttpResponseStatus status, JsonObject body) {
        ByteBuf content = Unpooled.copiedBuffer(body.encode() + "\n", StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
