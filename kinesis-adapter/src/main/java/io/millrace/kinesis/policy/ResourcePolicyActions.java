package io.millrace.kinesis.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.metadata.MetadataStore;
import io.millrace.kinesis.metadata.StreamUpdater;
import io.millrace.schemas.kinesis.StreamConsumer;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy on a stream or a registered consumer. A stream's policy
 * is part of its metadata record, a consumer's part of the consumer's entry in it, changed by compare-and-set like
 * the rest: every gateway sees it, a restart keeps it, and deleting the stream (deregistering the consumer) deletes
 * it.
 */
public final class ResourcePolicyActions {

    /** ResourceARN's pattern in the API model (botocore kinesis 2013-12-02), stream or consumer. */
    static final Pattern RESOURCE_ARN = Pattern.compile("arn:aws.*:kinesis:.*:\\d{12}:.*stream/\\S+");
    /**
     * AWS documents 20 KB as the size of a resource-based policy (DynamoDB's, counting whitespace; IAM's role trust
     * policies); Kinesis's API reference names no other, so the same bound applies here, in UTF-8 bytes.
     */
    static final int MAX_POLICY_BYTES = 20 * 1024;
    /** AWS: GetResourcePolicy on a resource without a policy answers an empty policy document. */
    static final String NO_POLICY = "{}";

    private final MetadataStore metadata;
    private final StreamUpdater updater;
    private final String accountId;
    private final ResourcePolicyValidator validator;

    public ResourcePolicyActions(
            MetadataStore metadata, Clock clock, String accountId, ResourcePolicyValidator validator) {
        this.metadata = metadata;
        this.updater = new StreamUpdater(metadata, clock);
        this.accountId = accountId;
        this.validator = validator;
    }

    public JsonNode put(AwsRequest request) throws InterruptedException {
        String arn = Fields.text(request.body(), "ResourceARN");
        String policy = Fields.text(request.body(), "Policy");
        validateArn(new Validation().required("policy", policy), arn);
        if (policy.getBytes(StandardCharsets.UTF_8).length > MAX_POLICY_BYTES) {
            throw KinesisErrors.limitExceeded(
                    "Policy size exceeds the maximum allowed size of " + MAX_POLICY_BYTES + " bytes.");
        }
        Optional<String> problem = validator.problemWith(policy);
        if (problem.isPresent()) {
            throw KinesisErrors.invalidArgument(problem.get());
        }
        attach(arn, policy);
        return WireCodec.object();
    }

    public JsonNode get(AwsRequest request) {
        String arn = Fields.text(request.body(), "ResourceARN");
        validateArn(new Validation(), arn);
        PolicyTarget target = target(arn);
        syncQuietly();
        StreamMetadata stream = metadata.stream(target.stream())
                .filter(s -> s.getStatus() != StreamStatus.DELETING)
                .orElseThrow(() -> notFound(arn, target));
        String policy = target.isConsumer()
                ? StreamResourcePolicies.registered(stream, target)
                        .orElseThrow(() -> notFound(arn, target))
                        .getResourcePolicy()
                : stream.getResourcePolicy();
        ObjectNode response = WireCodec.object();
        response.put("Policy", policy == null ? NO_POLICY : policy);
        return response;
    }

    /** Removes the policy; a resource that has none is left as it is, without error. */
    public JsonNode delete(AwsRequest request) throws InterruptedException {
        String arn = Fields.text(request.body(), "ResourceARN");
        validateArn(new Validation(), arn);
        attach(arn, null);
        return WireCodec.object();
    }

    /** Sets (or, with null, removes) the policy of what {@code arn} names, through the stream's record. */
    private void attach(String arn, String policy) throws InterruptedException {
        PolicyTarget target = target(arn);
        syncQuietly();
        updater.update(
                target.stream(),
                next -> {
                    if (next.getStatus() == StreamStatus.DELETING) {
                        throw notFound(arn, target);
                    }
                    if (next.getStatus() == StreamStatus.CREATING) {
                        throw KinesisErrors.resourceInUse("Stream " + target.stream() + " under account " + accountId
                                + " not ACTIVE, instead in state CREATING");
                    }
                    if (!target.isConsumer()) {
                        next.setResourcePolicy(policy);
                        return;
                    }
                    next.setConsumers(withConsumerPolicy(next.getConsumers(), target, policy, arn));
                },
                name -> notFound(arn, target));
    }

    private List<StreamConsumer> withConsumerPolicy(
            List<StreamConsumer> current, PolicyTarget target, String policy, String arn) {
        List<StreamConsumer> consumers = new ArrayList<>(current);
        for (ListIterator<StreamConsumer> it = consumers.listIterator(); it.hasNext(); ) {
            StreamConsumer consumer = it.next();
            if (consumer.getDeregisteredAtMillis() == null
                    && consumer.getName().equals(target.consumer())
                    && consumer.getCreatedAtMillis() / 1000 == target.consumerCreatedSeconds()) {
                it.set(StreamConsumer.newBuilder(consumer)
                        .setResourcePolicy(policy)
                        .build());
                return consumers;
            }
        }
        throw notFound(arn, target);
    }

    private static void validateArn(Validation validation, String arn) {
        validation
                .required("resourceARN", arn)
                .length("resourceARN", arn, 1, 2048)
                .pattern("resourceARN", arn, RESOURCE_ARN)
                .throwIfInvalid();
    }

    /** A stream or consumer of this account; any other ARN names nothing here. */
    private PolicyTarget target(String arn) {
        PolicyTarget target = PolicyTarget.parse(arn);
        if (target == null) {
            throw KinesisErrors.invalidArgument("Invalid ResourceARN " + arn);
        }
        if (!target.account().equals(accountId)) {
            throw notFound(arn, target);
        }
        return target;
    }

    private ApiException notFound(String arn, PolicyTarget target) {
        return KinesisErrors.resourceNotFound(
                target.isConsumer()
                        ? "Consumer " + arn + " not found."
                        : "Stream " + target.stream() + " under account " + accountId + " not found.");
    }

    private void syncQuietly() {
        try {
            metadata.sync().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Serve what we have: a view a few milliseconds old beats failing the call.
        }
    }
}
