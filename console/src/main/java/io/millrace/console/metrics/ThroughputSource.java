package io.millrace.console.metrics;

import java.util.Map;

/**
 * Where the console's charts read a stream's traffic: this gateway's own counters today ({@link GatewayCounters});
 * the CloudWatch API's aggregates across gateways can take its place without the charts changing.
 */
public interface ThroughputSource {

    /** Every stream's counters now, by stream name. */
    Map<String, StreamTotals> read();
}
