package io.millrace.analytics.application;

import io.millrace.analytics.datastream.KinesisRecord;
import io.millrace.analytics.datastream.MillraceStreams;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Java application as users write them: its main reads the runtime properties the way AWS's
 * KinesisAnalyticsRuntime gives them and copies one stream to another, exactly once. Shipped to the API in a jar.
 */
public final class CopyStreamJob {

    private CopyStreamJob() {}

    public static void main(String[] args) throws Exception {
        Properties streams = KinesisAnalyticsRuntime.getApplicationProperties().get("streams");
        String bootstrap = streams.getProperty("bootstrap.servers");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSource(
                        MillraceStreams.source(bootstrap, streams.getProperty("input"), MillraceStreams.trimHorizon()),
                        WatermarkStrategy.noWatermarks(),
                        "millrace-in")
                .uid("millrace-in")
                .map(r -> KinesisRecord.of(
                        r.partitionKey(),
                        ("java-" + new String(r.data(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)))
                .uid("transform")
                .sinkTo(MillraceStreams.sink(bootstrap, streams.getProperty("output"), DeliveryGuarantee.EXACTLY_ONCE))
                .uid("millrace-out");
        env.execute("copy-stream");
    }
}
