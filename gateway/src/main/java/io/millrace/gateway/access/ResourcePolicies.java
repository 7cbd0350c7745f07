package io.millrace.gateway.access;

import java.util.List;
import java.util.Optional;

/**
 * The resource-based policy attached to a resource (a Kinesis stream or consumer's, from
 * {@code kinesis:PutResourcePolicy}), as its JSON document. Each service answers for its own ARNs, from memory kept
 * current from Kafka, without blocking.
 */
@FunctionalInterface
public interface ResourcePolicies {

    ResourcePolicies NONE = resourceArn -> Optional.empty();

    Optional<String> policyOf(String resourceArn);

    /** The first service's answer that has one. */
    static ResourcePolicies firstOf(List<ResourcePolicies> sources) {
        List<ResourcePolicies> copy = List.copyOf(sources);
        return resourceArn -> {
            for (ResourcePolicies source : copy) {
                Optional<String> policy = source.policyOf(resourceArn);
                if (policy.isPresent()) {
                    return policy;
                }
            }
            return Optional.empty();
        };
    }
}
