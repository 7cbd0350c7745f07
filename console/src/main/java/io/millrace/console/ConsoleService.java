package io.millrace.console;

import io.millrace.console.charts.CloudWatchCharts;
import io.millrace.console.charts.CounterCharts;
import io.millrace.console.charts.StreamCharts;
import io.millrace.console.metrics.GatewayCounters;
import io.millrace.console.metrics.ThroughputHistory;
import io.millrace.console.s3.DeliveredObjects;
import io.millrace.console.session.Sessions;
import io.millrace.console.sql.AdHocQueries;
import io.millrace.console.sql.ExpiredQueries;
import io.millrace.gateway.GatewayService;
import io.millrace.gateway.Resources;
import io.millrace.gateway.config.S3Settings;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.route.GatewayCalls;
import io.millrace.gateway.route.HttpRoute;
import io.millrace.gateway.store.VersionedTopic;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console, hosted by the gateway at {@code /console} on its ports: no AWS API of its own, one plain HTTP
 * route, its sign-in sessions in a compacted topic every gateway shares, and two background threads that remove
 * expired sessions now and then, delete the SQL page's queries past their time limit, and, on a gateway without the
 * CloudWatch API (whose aggregates the charts read otherwise), sample this gateway's stream counters for the charts
 * every {@link #SAMPLE_PERIOD} (a slow deletion does not hold the charts up).
 */
public final class ConsoleService implements GatewayService {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleService.class);
    /** How often the charts get a point, as the Kinesis console's 5-second refresh. */
    public static final Duration SAMPLE_PERIOD = Duration.ofSeconds(5);

    private final Deque<AutoCloseable> resources;
    private final Sessions sessions;
    private final Duration period;
    private final String flinkUi;
    private final Duration sqlTimeLimit;
    private final DeliveredObjects objects;
    /** Where S3 is read: blocking calls, kept off the gateway's I/O threads. */
    private final ExecutorService s3Threads = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "millrace-console-s3");
        thread.setDaemon(true);
        return thread;
    });

    private final ScheduledExecutorService sampler = Executors.newScheduledThreadPool(2, task -> {
        Thread thread = new Thread(task, "millrace-console-sampler");
        thread.setDaemon(true);
        return thread;
    });

    private ConsoleService(
            Deque<AutoCloseable> resources,
            Sessions sessions,
            Duration period,
            String flinkUi,
            Duration sqlTimeLimit,
            DeliveredObjects objects) {
        this.sqlTimeLimit = sqlTimeLimit;
        this.objects = objects;
        this.resources = resources;
        this.sessions = sessions;
        this.period = period;
        this.flinkUi = flinkUi;
    }

    /**
     * Starts the console's session store (the topic of {@link ConsoleConfig#TOPIC}, replayed before this returns).
     *
     * @param kafkaClientProps the gateway's Kafka client properties
     * @param period           how often the charts get a point
     * @param flinkUi          the Apache Flink dashboard's address, linked from the applications page; empty for none
     */
    public static ConsoleService start(
            ConsoleConfig config, Map<String, Object> kafkaClientProps, Duration period, String flinkUi)
            throws Exception {
        return start(config, kafkaClientProps, period, flinkUi, null);
    }

    /**
     * As {@link #start(ConsoleConfig, Map, Duration, String)}, with the S3 store delivery streams deliver to (the
     * Firehose sink's {@code millrace.s3.*} settings), whose objects a delivery stream's page lists and downloads;
     * null for none.
     */
    public static ConsoleService start(
            ConsoleConfig config,
            Map<String, Object> kafkaClientProps,
            Duration period,
            String flinkUi,
            S3Settings.S3Connection s3)
            throws Exception {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            DeliveredObjects objects = null;
            if (s3 != null) {
                objects = new DeliveredObjects(s3);
                resources.push(objects);
            }
            VersionedTopic topic = VersionedTopic.withOwnAdmin(
                    kafkaClientProps, config.getString(ConsoleConfig.TOPIC), "millrace-console");
            resources.push(topic);
            Sessions sessions = new Sessions(topic, Clock.systemUTC());
            topic.start(Duration.ofSeconds(60));
            ConsoleService console = new ConsoleService(
                    resources,
                    sessions,
                    period,
                    flinkUi,
                    Duration.ofMillis(config.getLong(ConsoleConfig.SQL_TIME_LIMIT_MS)),
                    objects);
            long interval = config.getLong(ConsoleConfig.HOUSEKEEPING_INTERVAL_MS);
            console.sampler.scheduleWithFixedDelay(
                    console::removeExpiredSessions, interval, interval, TimeUnit.MILLISECONDS);
            return console;
        } catch (Exception | Error e) {
            Resources.closeAll(resources, "the console");
            throw e;
        }
    }

    private void removeExpiredSessions() {
        try {
            int removed = sessions.removeExpired();
            if (removed > 0) {
                LOG.info("Console: removed {} expired sessions", removed);
            }
        } catch (RuntimeException e) {
            LOG.warn("Console: removing expired sessions failed: {}", e.toString());
        }
    }

    @Override
    public List<AwsService> apis() {
        return List.of();
    }

    @Override
    public List<HttpRoute> routes(GatewayCalls calls) {
        StreamCharts charts =
                calls.hosts(CloudWatchCharts.API) ? new CloudWatchCharts(Clock.systemUTC()) : counters(calls);
        AdHocQueries queries = new AdHocQueries(Clock.systemUTC(), sqlTimeLimit);
        ExpiredQueries expired = new ExpiredQueries(calls, queries, Clock.systemUTC());
        long reapEvery = Math.min(sqlTimeLimit.toMillis() / 4, 60_000);
        sampler.scheduleWithFixedDelay(
                () -> {
                    try {
                        expired.delete();
                    } catch (Exception e) {
                        LOG.warn("Console: deleting expired SQL queries failed: {}", e.toString());
                    }
                },
                reapEvery,
                reapEvery,
                TimeUnit.MILLISECONDS);
        return List.of(new ConsoleRoute(calls, sessions, charts, flinkUi, queries, objects, s3Threads));
    }

    /**
     * Without the CloudWatch API in this gateway, the charts sample this gateway's own counters every period: what
     * this gateway served, the whole cluster's only when it is the only gateway.
     */
    private StreamCharts counters(GatewayCalls calls) {
        ThroughputHistory history =
                new ThroughputHistory(new GatewayCounters(calls::metricsText), Clock.systemUTC(), period);
        sampler.scheduleAtFixedRate(
                () -> {
                    try {
                        history.sample();
                    } catch (RuntimeException e) {
                        LOG.warn("Console: sampling the stream counters failed: {}", e.toString());
                    }
                },
                0,
                period.toMillis(),
                TimeUnit.MILLISECONDS);
        return new CounterCharts(history, period);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        s3Threads.shutdownNow();
        Resources.closeAll(resources, "the console");
    }
}
