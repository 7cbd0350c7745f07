package io.millrace.console.charts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.console.page.Caller;
import java.util.concurrent.CompletionStage;

/**
 * A stream page's chart data, as {@code /console/api/streams/NAME/metrics} answers it: {@code t} (epoch seconds)
 * and, aligned with it, per-second rates ({@code incomingBytes}, {@code incomingRecords}, {@code getRecordsBytes},
 * {@code getRecordsRecords}, {@code throttled}) and the iterator age ({@code iteratorAgeMillis}); under
 * {@code consumers}, each enhanced fan-out consumer's {@code fanOutBytes} and {@code millisBehindLatest};
 * {@code source} and {@code period} (seconds a point covers) say what the points are.
 */
public interface StreamCharts {

    /** The last hour of {@code stream}, read as {@code caller} where the source is an API. */
    CompletionStage<ObjectNode> json(Caller caller, String stream);

    /** Whether the charts show the whole cluster's traffic, or only what this gateway served. */
    boolean clusterWide();

    /** How often an open page asks for the data again, in seconds. */
    int refreshSeconds();
}
