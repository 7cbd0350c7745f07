package io.millrace.launcher.up;

import io.millrace.gateway.config.GatewayConfig;
import java.util.Locale;

/**
 * The one line {@code millrace up} writes to stdout, once every service answers. Scripts and tests wait for the
 * word {@code ready}; operators read the endpoints off it.
 */
final class ReadyLine {

    private ReadyLine() {
    }

    static String of(UpPlan plan, int kinesisPort, String kafkaBootstrap, long startupMillis) {
        StringBuilder line = new StringBuilder()
                .append(String.format(Locale.ROOT, "Millrace ready in %.1f s: ", startupMillis / 1000.0))
                .append("kinesis http://").append(plan.kinesis().getString(GatewayConfig.BIND))
                .append(':').append(kinesisPort)
                .append(" kafka ").append(kafkaBootstrap)
                .append(" s3 ").append(plan.firehose().s3Endpoint())
                .append(" connect ").append(plan.firehose().connectUrl())
                .append(" flink ").append(plan.flink().restUrl());
        if (plan.kafka().isPresent()) {
            line.append(" data ").append(plan.dataDir());
        } else {
            line.append(" (external)");
        }
        return line.toString();
    }
}
