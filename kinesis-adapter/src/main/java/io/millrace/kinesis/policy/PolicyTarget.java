package io.millrace.kinesis.policy;

import io.millrace.kinesis.model.arn.ConsumerArn;
import io.millrace.kinesis.model.arn.StreamArn;

/**
 * What a ResourceARN names: a stream, or one registration of a consumer of a stream (its ARN ends with the
 * consumer's creation time in epoch seconds, so a consumer registered again under the same name is another one).
 */
record PolicyTarget(String account, String stream, String consumer, long consumerCreatedSeconds) {

    boolean isConsumer() {
        return consumer != null;
    }

    /** The target of an ARN of the Kinesis resource pattern; null when it names neither a stream nor a consumer. */
    static PolicyTarget parse(String arn) {
        ConsumerArn consumerArn = ConsumerArn.parse(arn);
        if (consumerArn != null) {
            return new PolicyTarget(
                    consumerArn.account(), consumerArn.stream(), consumerArn.consumer(), consumerArn.createdSeconds());
        }
        StreamArn streamArn = StreamArn.parse(arn);
        return streamArn == null ? null : new PolicyTarget(streamArn.account(), streamArn.stream(), null, -1);
    }
}
