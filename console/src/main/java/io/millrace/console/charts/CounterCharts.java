package io.millrace.console.charts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.console.metrics.ThroughputHistory;
import io.millrace.console.page.Caller;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The charts of a gateway without the CloudWatch API: this gateway's own counters, sampled every period into
 * {@link ThroughputHistory} whoever watches; a refresh is a copy from memory. Only the traffic this gateway served.
 */
public final class CounterCharts implements StreamCharts {

    private final ThroughputHistory history;
    private final Duration period;

    public CounterCharts(ThroughputHistory history, Duration period) {
        this.history = history;
        this.period = period;
    }

    @Override
    public CompletionStage<ObjectNode> json(Caller caller, String stream) {
        ObjectNode json = history.json(stream);
        json.put("source", "gateway");
        json.put("period", period.toMillis() / 1000.0);
        return CompletableFuture.completedFuture(json);
    }

    @Override
    public boolean clusterWide() {
        return false;
    }

    @Override
    public int refreshSeconds() {
        return 5;
    }
}
