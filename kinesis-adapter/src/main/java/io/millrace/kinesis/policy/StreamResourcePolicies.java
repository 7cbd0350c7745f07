package io.millrace.kinesis.policy;

import io.millrace.gateway.access.ResourcePolicies;
import io.millrace.kinesis.metadata.MetadataStore;
import io.millrace.schemas.kinesis.StreamConsumer;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.util.Optional;

/**
 * The resource-based policies of this account's streams and consumers, for the gateway's authorizer: read from the
 * view of the metadata topic this gateway keeps current, so a policy put through any gateway applies here as soon as
 * its record is tailed, and a deleted stream's or deregistered consumer's stops applying with it. Never blocks.
 */
public final class StreamResourcePolicies implements ResourcePolicies {

    private final MetadataStore metadata;
    private final String accountId;

    public StreamResourcePolicies(MetadataStore metadata, String accountId) {
        this.metadata = metadata;
        this.accountId = accountId;
    }

    @Override
    public Optional<String> policyOf(String resourceArn) {
        PolicyTarget target = PolicyTarget.parse(resourceArn);
        if (target == null || !target.account().equals(accountId)) {
            return Optional.empty();
        }
        Optional<StreamMetadata> stream =
                metadata.stream(target.stream()).filter(s -> s.getStatus() != StreamStatus.DELETING);
        if (!target.isConsumer()) {
            return stream.map(StreamMetadata::getResourcePolicy);
        }
        return stream.flatMap(s -> registered(s, target)).map(StreamConsumer::getResourcePolicy);
    }

    /** The registration the target names, unless it has been deregistered. */
    static Optional<StreamConsumer> registered(StreamMetadata stream, PolicyTarget target) {
        return stream.getConsumers().stream()
                .filter(c -> c.getDeregisteredAtMillis() == null
                        && c.getName().equals(target.consumer())
                        && c.getCreatedAtMillis() / 1000 == target.consumerCreatedSeconds())
                .findFirst();
    }
}
