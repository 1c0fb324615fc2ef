package dev.labelsmooth.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Adds a DEBUG log file in the run directory for the duration of a sweep (INFO stays on stderr).
 */
final class RunLog implements AutoCloseable {

    private final FileAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender;
    private final Logger logger;
    private final Level previousLevel;

    private RunLog(
            FileAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender,
            Logger logger,
            Level previousLevel) {
        this.appender = appender;
        this.logger = logger;
        this.previousLevel = previousLevel;
    }

    /** Appends DEBUG and above of labelsmooth's own loggers to {@code file}. */
    static RunLog attach(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new RunLog(null, null, null);
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n");
        encoder.start();
        FileAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("run-log");
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        Logger logger = context.getLogger("dev.labelsmooth");
        Level previous = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(appender);
        return new RunLog(appender, logger, previous);
    }

    @Override
    public void close() {
        if (appender != null) {
            logger.detachAppender(appender);
            logger.setLevel(previousLevel);
            appender.stop();
        }
    }
}
