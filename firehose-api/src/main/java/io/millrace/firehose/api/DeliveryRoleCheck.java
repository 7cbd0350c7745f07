package io.millrace.firehose.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.access.ServiceCaller;
import io.millrace.gateway.access.ServiceRoles;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import io.millrace.schemas.firehose.DeliveryStreamStatus;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed mode: what a delivery does is authorized with its role, as Firehose acts with the role's credentials.
 * Every {@code millrace.firehose.role-check-interval-ms}, for each ACTIVE delivery stream, the destination's role
 * must still trust Firehose and allow {@code s3:PutObject} on {@code arn:aws:s3:::BUCKET/*}, and a Kinesis source's
 * role {@code kinesis:DescribeStream}, {@code kinesis:GetShardIterator} and {@code kinesis:GetRecords} on the stream.
 * A denied delivery is held: its connector is paused, so records wait in Kafka with their offsets uncommitted, and
 * DescribeDeliveryStream's FailureDescription says why; once allowed, the connector resumes and delivers them.
 *
 * <p>Every gateway runs the check from the same IAM view, read from Kafka, and makes the connector's state (as
 * Connect reports it) match its decision; pause and resume are idempotent, so gateways agree within the seconds it
 * takes them to read a policy change, with no coordination.
 */
final class DeliveryRoleCheck {

    /** AWS's S3.AccessDenied delivery error (Firehose developer guide, "Amazon S3 data delivery errors"). */
    static final String S3_ACCESS_DENIED = "Access was denied. Ensure that the trust policy for the provided IAM role"
            + " allows Firehose to assume the role, and the access policies allow access to the S3 bucket.";
    /** The same wording for a Kinesis stream source the role may not read (Millrace's analogue). */
    static final String KINESIS_ACCESS_DENIED = "Access was denied. Ensure that the trust policy for the provided IAM"
            + " role allows Firehose to assume the role, and the access policies allow access to the Kinesis stream.";

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRoleCheck.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SOURCE_READS =
            List.of("kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords");
    private static final String PAUSED = "PAUSED";

    private final DeliveryStreamStore store;
    private final DeliveryRoles roles;
    private final ConnectClient connect;

    DeliveryRoleCheck(DeliveryStreamStore store, DeliveryRoles roles, ConnectClient connect) {
        this.store = store;
        this.roles = roles;
        this.connect = connect;
    }

    /** One pass over every delivery stream; never throws, so a timer running it survives. */
    void run() {
        try {
            runOnce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Checking the roles of delivery streams failed: {}", e.toString());
        }
    }

    private void runOnce() throws InterruptedException {
        Set<String> active = new HashSet<>();
        for (DeliveryStreamMetadata stream : List.copyOf(store.streams())) {
            if (stream.getStatus() != DeliveryStreamStatus.ACTIVE) {
                continue;
            }
            active.add(stream.getName());
            Optional<String> denial = denial(parse(stream.getRequest()), roles.firehoseForStream(stream.getName()));
            try {
                align(stream.getConnectorName(), denial.isPresent());
            } catch (IOException e) {
                LOG.warn("Delivery stream {}: {}", stream.getName(), e.getMessage());
                continue;
            }
            if (denial.isPresent()) {
                if (roles.hold(stream.getName(), denial.get())) {
                    LOG.info("Delivery stream {} held: its role may not deliver", stream.getName());
                }
            } else if (roles.release(stream.getName())) {
                LOG.info("Delivery stream {} resumed: its role may deliver again", stream.getName());
            }
        }
        roles.releaseAllBut(active);
    }

    /** Makes the connector paused when denied and running when allowed, if Connect reports otherwise. */
    private void align(String connector, boolean denied) throws IOException, InterruptedException {
        Optional<JsonNode> status = connect.connectorStatus(connector);
        if (status.isEmpty()) {
            return;
        }
        String state = status.get().path("connector").path("state").asText("");
        if (state.equals(PAUSED) == denied) {
            return;
        }
        // Not while Connect is still giving a new connector its tasks: a pause then deadlocks a standalone worker
        // (Kafka 4.2's StandaloneHerder: the pause holds the config store and waits for the herder, the task update
        // holds the herder and waits for the store). The next pass, seconds later, finds the tasks there.
        if (status.get().path("tasks").isEmpty()) {
            return;
        }
        connect.setConnectorTarget(connector, denied ? "pause" : "resume");
    }

    private static JsonNode parse(String request) {
        try {
            return JSON.readTree(request);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    /** Why the delivery may not run now, as FailureDescription's Details, or empty when it may. */
    Optional<String> denial(JsonNode request, ServiceCaller firehose) {
        ServiceRoles serviceRoles = roles.roles();
        JsonNode extended = request.path("ExtendedS3DestinationConfiguration");
        JsonNode http = request.path("HttpEndpointDestinationConfiguration").path("S3Configuration");
        JsonNode openSearch =
                request.path("AmazonopensearchserviceDestinationConfiguration").path("S3Configuration");
        JsonNode destination = extended.isObject()
                ? extended
                : http.isObject()
                        ? http
                        : openSearch.isObject() ? openSearch : request.path("S3DestinationConfiguration");
        String role = destination.path("RoleARN").asText("");
        String bucket = destination.path("BucketARN").asText("");
        if (!role.isEmpty() && !bucket.isEmpty()) {
            AccessRequest put = AccessRequest.of("s3:PutObject", bucket + "/*");
            if (serviceRoles.problemAssuming(role, firehose).isPresent()
                    || !serviceRoles
                            .authorize(role, DeliveryRoles.FIREHOSE, put)
                            .allowed()) {
                return Optional.of(S3_ACCESS_DENIED);
            }
        }
        JsonNode source = request.path("KinesisStreamSourceConfiguration");
        String sourceRole = source.path("RoleARN").asText("");
        String stream = source.path("KinesisStreamARN").asText("");
        if (!sourceRole.isEmpty() && !stream.isEmpty()) {
            if (serviceRoles.problemAssuming(sourceRole, firehose).isPresent()) {
                return Optional.of(KINESIS_ACCESS_DENIED);
            }
            for (String action : SOURCE_READS) {
                if (!serviceRoles
                        .authorize(sourceRole, DeliveryRoles.FIREHOSE, AccessRequest.of(action, stream))
                        .allowed()) {
                    return Optional.of(KINESIS_ACCESS_DENIED);
                }
            }
        }
        return Optional.empty();
    }
}
