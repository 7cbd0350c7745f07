package io.millrace.kinesis.access;

import io.millrace.kinesis.metadata.ConsumerStates;
import io.millrace.kinesis.metadata.MetadataStore;
import io.millrace.kinesis.model.arn.ConsumerArn;
import io.millrace.kinesis.model.arn.StreamArn;
import java.time.Clock;
import java.util.Optional;

/** The ARN of a consumer named by its stream's ARN and its name, from this gateway's view of the metadata. */
public final class RegisteredConsumers implements KinesisAccess.ConsumerArns {

    private final MetadataStore metadata;
    private final Clock clock;

    public RegisteredConsumers(MetadataStore metadata, Clock clock) {
        this.metadata = metadata;
        this.clock = clock;
    }

    @Override
    public Optional<String> arnOf(String streamArn, String consumerName) {
        StreamArn stream = StreamArn.parse(streamArn);
        if (stream == null) {
            return Optional.empty();
        }
        return metadata.stream(stream.stream())
                .flatMap(s -> ConsumerStates.named(s.getConsumers(), consumerName, clock.millis()))
                .map(c -> ConsumerArn.format(streamArn, c.getName(), c.getCreatedAtMillis()));
    }
}
