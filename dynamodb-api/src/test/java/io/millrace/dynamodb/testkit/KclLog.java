package io.millrace.dynamodb.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
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
     *   <li>{@code FanOutRecordsPublisher} cancelled a subscription (a shard that ended, a lease given up, a worker
     *       stopping) and the SDK then completed the cancelled stream: the KCL's own comment on that warning says the
     *       SDK calls {@code onComplete} after a cancel, and the KCL ignores that completion by design.
     *   <li>KCL 3.x's {@code MigrationAwareLAMDataManager} was loading the lease table when the stopping worker
     *       interrupted its thread: the DynamoDB call ends in an {@link InterruptedException} (wrapped by the KCL),
     *       which it logs as a load to retry. Only an interrupted load is benign; any other failure to load is not.
     * </ul>
     */
    private static final List<Predicate<LogEvent>> BENIGN = List.of(
            endsWith("Did not find an operating range metadata provider."),
            endsWith("Cannot get the shard for this ProcessTask, so duplicate KPL user records in the event of"
                    + " resharding will not be dropped during deaggregation of Amazon Kinesis records."),
            endsWith("Not able to assign all expiredOrUnAssignedLeases"),
            event -> message(event).contains(": complete called on a cancelled subscription. Ignoring completion."),
            event -> message(event).startsWith("Failed to load, retrying") && interrupted(event.getThrown()));

    private final List<String> unexplained = new ArrayList<>();
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
        if (event.getLevel().isMoreSpecificThan(Level.ERROR)) {
            errors.add(line);
            return;
        }
        if (BENIGN.stream().noneMatch(benign -> benign.test(event))) {
            unexplained.add(line);
        }
    }

    private static Predicate<LogEvent> endsWith(String message) {
        return event -> message(event).endsWith(message);
    }

    private static String message(LogEvent event) {
        return event.getMessage().getFormattedMessage();
    }

    private static boolean interrupted(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    public synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    /** Forgets what was captured, for the next test. */
    public synchronized void clear() {
        unexplained.clear();
        errors.clear();
    }

    /** The KCL's warnings other than the {@link #BENIGN} ones. */
    public synchronized List<String> unexplainedWarnings() {
        return List.copyOf(unexplained);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().removeLogger(KCL);
        context.updateLoggers();
        stop();
    }
}
