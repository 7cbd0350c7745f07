package io.millrace.agent;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** The WARN lines of one of the agent's loggers, kept for the test to count (and still printed on the console). */
final class AgentLog extends AbstractAppender implements AutoCloseable {

    private final String logger;
    private final List<String> warnings = new ArrayList<>();

    private AgentLog(String logger) {
        super("agent-log-" + logger, null, null, true, Property.EMPTY_ARRAY);
        this.logger = logger;
    }

    static AgentLog warningsOf(Class<?> type) {
        AgentLog log = new AgentLog(type.getName());
        log.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        LoggerConfig config = new LoggerConfig(type.getName(), Level.INFO, true);
        config.addAppender(log, Level.WARN, null);
        context.getConfiguration().addLogger(type.getName(), config);
        context.updateLoggers();
        return log;
    }

    @Override
    public synchronized void append(LogEvent event) {
        warnings.add(event.getMessage().getFormattedMessage());
    }

    synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().removeLogger(logger);
        context.updateLoggers();
        stop();
    }
}
