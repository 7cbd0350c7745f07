package io.millrace.firehose.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.firehose.errors.FirehoseErrors;
import io.millrace.gateway.access.ServiceCaller;
import io.millrace.gateway.access.ServiceRoles;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roles a delivery stream's configuration names for Firehose to act as: the destination's RoleARN (S3 or
 * ExtendedS3, and its S3BackupConfiguration), KinesisStreamSourceConfiguration's, and the data format conversion's
 * SchemaConfiguration's. In signed mode each must exist and trust {@code firehose.amazonaws.com}, as AWS checks when
 * a delivery stream is created or its destination updated.
 */
final class DeliveryRoles {

    /** The service principal Firehose assumes roles as. */
    static final String FIREHOSE = "firehose.amazonaws.com";

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRoles.class);
    private static final String ROLE_FIELD = "RoleARN";

    private final ServiceRoles roles;
    private final String accountId;
    private final String region;
    /** The delivery streams this gateway holds because their role may not deliver, with why. */
    private final Map<String, String> held = new ConcurrentHashMap<>();

    /**
     * @param accountId the account, and {@code region} the region, of the ARNs of delivery streams checked outside
     *                  a request ({@link DeliveryRoleCheck})
     */
    DeliveryRoles(ServiceRoles roles, String accountId, String region) {
        this.roles = roles;
        this.accountId = accountId;
        this.region = region;
    }

    /**
     * Firehose as it presents itself to a role's trust policy for a delivery stream: the stream's ARN as
     * {@code aws:SourceArn} (its account as {@code aws:SourceAccount}) and the account id as {@code sts:ExternalId},
     * which Firehose's documented trust policies check (Firehose developer guide, "Controlling access with Amazon
     * Data Firehose").
     */
    static ServiceCaller firehoseFor(String deliveryStreamArn) {
        return new ServiceCaller(FIREHOSE, deliveryStreamArn, ServiceCaller.accountOf(deliveryStreamArn));
    }

    /** {@link #firehoseFor} a stream known by name only, in this gateway's account and region. */
    ServiceCaller firehoseForStream(String deliveryStreamName) {
        return firehoseFor("arn:aws:firehose:" + region + ":" + accountId + ":deliverystream/" + deliveryStreamName);
    }

    ServiceRoles roles() {
        return roles;
    }

    /** Whether delivery is authorized with the roles at all: open mode's roles may do everything. */
    boolean checked() {
        return roles != ServiceRoles.UNCHECKED;
    }

    /** FailureDescription's Details while the stream is held ({@link DeliveryRoleCheck}). */
    Optional<String> failure(String deliveryStreamName) {
        return Optional.ofNullable(held.get(deliveryStreamName));
    }

    /** Whether the stream was not held before. */
    boolean hold(String deliveryStreamName, String details) {
        return held.put(deliveryStreamName, details) == null;
    }

    /** Whether the stream was held before. */
    boolean release(String deliveryStreamName) {
        return held.remove(deliveryStreamName) != null;
    }

    /** Forgets the holds of streams no longer ACTIVE. */
    void releaseAllBut(Set<String> activeStreams) {
        held.keySet().retainAll(activeStreams);
    }

    /**
     * Refuses a configuration naming a role Firehose cannot assume with AWS's InvalidArgumentException and its
     * wording ("Firehose is unable to assume role ARN. Please check the role provided.").
     */
    void requireAssumable(JsonNode configuration, String deliveryStreamName, String deliveryStreamArn) {
        for (String roleArn : namedIn(configuration)) {
            roles.problemAssuming(roleArn, firehoseFor(deliveryStreamArn)).ifPresent(problem -> {
                LOG.info("Firehose {} refused: {}", deliveryStreamName, problem);
                throw FirehoseErrors.invalidArgument(
                        "Firehose is unable to assume role " + roleArn + ". Please check the role provided.");
            });
        }
    }

    /** Every RoleARN anywhere in a CreateDeliveryStream request (destination, backup, source, schema). */
    static Set<String> namedIn(JsonNode configuration) {
        Set<String> arns = new LinkedHashSet<>();
        collect(configuration, arns);
        return arns;
    }

    private static void collect(JsonNode node, Set<String> arns) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals(ROLE_FIELD) && field.getValue().isTextual()) {
                    arns.add(field.getValue().asText());
                } else {
                    collect(field.getValue(), arns);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, arns));
        }
    }
}
