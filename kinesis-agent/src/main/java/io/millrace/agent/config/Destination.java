package io.millrace.agent.config;

/** Where a flow's records go: a Kinesis data stream (kinesisStream) or a Firehose stream (deliveryStream). */
public record Destination(Kind kind, String name) {

    public enum Kind {
        KINESIS,
        FIREHOSE
    }

    @Override
    public String toString() {
        return (kind == Kind.KINESIS ? "kinesis:" : "firehose:") + name;
    }
}
