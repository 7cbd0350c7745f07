package io.millrace.launcher.up;

import java.util.Locale;

/**
 * The one line {@code millrace up} writes to stdout, once every service answers. Scripts and tests wait for the
 * word {@code ready}; operators read the endpoints off it, and the CA certificate HTTPS clients must trust.
 */
final class ReadyLine {

    private ReadyLine() {}

    /**
     * @param gateway the gateway's URLs (http, https or both) and the local CA clients must trust, if any
     */
    static String of(UpPlan plan, GatewayEndpoints gateway, String kafkaBootstrap, long startupMillis) {
        StringBuilder line = new StringBuilder()
                .append(String.format(Locale.ROOT, "Millrace ready in %.1f s: ", startupMillis / 1000.0))
                .append("kinesis ")
                .append(String.join(" ", gateway.urls()));
        gateway.caCertificate().ifPresent(ca -> line.append(" ca ").append(ca));
        // Said on the line itself: open mode must never be a surprise on a shared machine.
        line.append(" auth ").append(plan.kinesis().authMode().configValue());
        line.append(" kafka ")
                .append(kafkaBootstrap)
                .append(" s3 ")
                .append(plan.firehose().s3Endpoint())
                .append(" connect ")
                .append(plan.firehose().connectUrl())
                .append(" flink ")
                .append(plan.flink().restUrl());
        if (plan.kafka().isPresent()) {
            line.append(" data ").append(plan.dataDir());
        } else {
            line.append(" (external)");
        }
        return line.toString();
    }
}
