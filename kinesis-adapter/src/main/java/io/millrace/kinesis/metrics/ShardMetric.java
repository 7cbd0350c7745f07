package io.millrace.kinesis.metrics;

import java.util.List;

/** Kinesis's shard-level metrics (EnableEnhancedMonitoring), with the Prometheus names this endpoint uses. */
public enum ShardMetric {
    IncomingBytes("incoming_bytes_total", "counter", "Bytes put to the shard"),
    IncomingRecords("incoming_records_total", "counter", "Records put to the shard"),
    OutgoingBytes("outgoing_bytes_total", "counter", "Bytes returned by GetRecords"),
    OutgoingRecords("outgoing_records_total", "counter", "Records returned by GetRecords"),
    WriteProvisionedThroughputExceeded(
            "write_throughput_exceeded_total", "counter", "Records refused by the shard's write quota"),
    ReadProvisionedThroughputExceeded(
            "read_throughput_exceeded_total", "counter", "GetRecords calls refused by the shard's read quota"),
    IteratorAgeMilliseconds(
            "iterator_age_milliseconds", "gauge", "Age of the last record returned by GetRecords when it was returned");

    /** What {@code ALL} stands for in ShardLevelMetrics. */
    public static final List<ShardMetric> ALL = List.of(values());

    private final String promName;
    private final String promType;
    private final String help;

    ShardMetric(String promName, String promType, String help) {
        this.promName = promName;
        this.promType = promType;
        this.help = help;
    }

    String promName() {
        return promName;
    }

    String promType() {
        return promType;
    }

    String help() {
        return help;
    }
}
