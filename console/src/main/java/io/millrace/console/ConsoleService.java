package io.millrace.console;

import io.millrace.console.metrics.GatewayCounters;
import io.millrace.console.metrics.ThroughputHistory;
import io.millrace.console.session.Sessions;
import io.millrace.gateway.GatewayService;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.route.GatewayCalls;
import io.millrace.gateway.route.HttpRoute;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console, hosted by the gateway at {@code /console} on its ports: no AWS API of its own, one plain HTTP
 * route, and one background task that samples the stream counters for the charts every {@link #SAMPLE_PERIOD}.
 */
public final class ConsoleService implements GatewayService {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleService.class);
    /** How often the charts get a point, as the Kinesis console's 5-second refresh. */
    public static final Duration SAMPLE_PERIOD = Duration.ofSeconds(5);

    private final Duration period;
    private final String flinkUi;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "millrace-console-sampler");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param period  how often the charts get a point
     * @param flinkUi the Apache Flink dashboard's address, linked from the applications page; empty for none
     */
    public ConsoleService(Duration period, String flinkUi) {
        this.period = period;
        this.flinkUi = flinkUi;
    }

    @Override
    public List<AwsService> apis() {
        return List.of();
    }

    @Override
    public List<HttpRoute> routes(GatewayCalls calls) {
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
        return List.of(new ConsoleRoute(calls, new Sessions(Clock.systemUTC()), history, flinkUi));
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
