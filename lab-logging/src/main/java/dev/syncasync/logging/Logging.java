package dev.syncasync.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Routes every library's logging to SLF4J and Logback. {@link #init()} runs first thing in every
 * {@code main}: Vert.x reads its logging property when its first class loads, so later is too late.
 */
public final class Logging {

    /** The property Vert.x reads to choose its logging backend. */
    static final String VERTX_DELEGATE = "vertx.logger-delegate-factory-class-name";

    private Logging() {
    }

    /** Vert.x and java.util.logging to SLF4J (Hazelcast is told in its own config, see the registry). */
    public static void init() {
        if (System.getProperty(VERTX_DELEGATE) == null) {
            System.setProperty(VERTX_DELEGATE, "io.vertx.core.logging.SLF4JLogDelegateFactory");
        }
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    /**
     * Sends every log line of this JVM to {@code file} instead of the console (as text, whatever
     * the console's format): a run whose terminal shows its own progress keeps its log beside
     * its results.
     */
    public static void onlyTo(Path file) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("file:" + file);
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }
}
