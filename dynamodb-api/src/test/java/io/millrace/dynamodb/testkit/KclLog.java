package io.millrace.dynamodb.testkit;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * The KCL's log as the application would see it: every WARN and ERROR event of the {@code software.amazon.kinesis}
 * loggers, kept in memory for the test to read (and still printed by the test's console appender).
 */
public final class KclLog extends AbstractAppender implements AutoCloseable {

    private static final String KCL = "software.amazon.kinesis";

    /**
     * Warnings the KCL prints whatever endpoint it talks to, each with why it is benign here:
     *
     * <ul>
     *   <li>KCL 3.x's {@code WorkerMetricsSelector} looks for the EC2, ECS or EKS metadata it reads a host's CPU
     *       range from; on any host outside AWS there is none, and lease assignment then balances on throughput.
     *   <li>{@code ProcessTask} asks the KCL's shard detector for its shard to drop KPL sub-records duplicated by a
     *       reshard; the detector answers from its cached ListShards (refreshed after 1,000 misses or when older
     *       than {@code listShardsCacheAllowedAgeInSeconds}, 30 s), so a child shard born after the cache is not
     *       found. Only the de-duplication of KPL-aggregated records is skipped; these tests write none.
     *   <li>KCL 3.x's {@code LeaseAssignmentManager} (on the leader) could not give every unassigned lease to a
     *       worker in one round: it assigns only to workers whose worker-metrics row is fresh, and around a
     *       worker's start or stop the row of the one starting is not written yet (or the stopped one's is
     *       stale). The next round, one {@code leaseAssignmentIntervalMillis} later, assigns the lease; the tests
     *       shorten the worker-metrics interval to 1 s, which a loaded machine can overrun. The records of that
     *       lease are read late, not lost: the tests' exactly-once and key-order checks hold.
     * </ul>
     */
    private static final List<String> BENIGN = List.of(
            "Did not find an operating range metadata provider.",
            "Cannot get the shard for this ProcessTask, so duplicate KPL user records in the event of resharding will"
                    + " not be dropped during deaggregation of Amazon Kinesis records.",
            "Not able to assign all expiredOrUnAssignedLeases");

    private final List<String> warnings = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    private KclLog() {
        super("kcl-log", null, null, true, Property.EMPTY_ARRAY);
    }

    /** Starts capturing the KCL's logging at WARN and above. */
    public static KclLog capture() {
        KclLog log = new KclLog();
        log.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        LoggerConfig kcl = new LoggerConfig(KCL, Level.WARN, true);
        kcl.addAppender(log, Level.WARN, null);
        config.addLogger(KCL, kcl);
        context.updateLoggers();
        return log;
    }

    @Override
    public synchronized void append(LogEvent event) {
        String line = event.getLevel() + " " + event.getLoggerName() + " - "
                + event.getMessage().getFormattedMessage()
                + (event.getThrown() == null ? "" : " (" + event.getThrown() + ")");
        (event.getLevel().isMoreSpecificThan(Level.ERROR) ? errors : warnings).add(line);
    }

    public synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    /** Forgets what was captured, for the next test. */
    public synchronized void clear() {
        warnings.clear();
        errors.clear();
    }

    /** The KCL's warnings other than the {@link #BENIGN} ones. */
    public synchronized List<String> unexplainedWarnings() {
        return warnings.stream()
                .filter(line -> BENIGN.stream().noneMatch(line::endsWith))
                .toList();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().removeLogger(KCL);
        context.updateLoggers();
        stop();
    }
}
