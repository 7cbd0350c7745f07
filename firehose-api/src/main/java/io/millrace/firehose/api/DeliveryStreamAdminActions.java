package io.millrace.firehose.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.conversion.CatalogTables;
import io.millrace.firehose.errors.FirehoseErrors;
import io.millrace.firehose.translation.DeliveryStreamTranslator;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.gateway.store.VersionConflictException;
import io.millrace.schemas.firehose.DeliveryStreamEncryption;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import io.millrace.schemas.firehose.DeliveryStreamStatus;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** CreateDeliveryStream, DescribeDeliveryStream, ListDeliveryStreams and DeleteDeliveryStream. */
final class DeliveryStreamAdminActions {

    static final List<String> TYPES = List.of("DirectPut", "KinesisStreamAsSource", "MSKAsSource", "DatabaseAsSource");

    private final FirehoseConfig config;
    private final DeliveryStreamStore store;
    private final DeliveryStreamLifecycle lifecycle;
    /** Where DataFormatConversionConfiguration's table is resolved, when the request is made. */
    private final CatalogTables tables;

    private final Admin admin;
    private final StreamEncryption encryption;
    /** Where an ACTIVE stream whose delivery fails gets its FailureDescription from. */
    private final DeliveryHealthView health;

    private final DeliveryRoles roles;

    DeliveryStreamAdminActions(
            FirehoseConfig config,
            DeliveryStreamStore store,
            DeliveryStreamLifecycle lifecycle,
            Admin admin,
            StreamEncryption encryption,
            CatalogTables tables,
            DeliveryHealthView health,
            DeliveryRoles roles) {
        this.health = health;
        this.roles = roles;
        this.tables = tables;
        this.config = config;
        this.store = store;
        this.lifecycle = lifecycle;
        this.admin = admin;
        this.encryption = encryption;
    }

    CompletionStage<JsonNode> create(AwsRequest request) {
        JsonNode body = request.body();
        String name = Fields.text(body, "DeliveryStreamName");
        Validation validation = DeliveryStreams.checkName(new Validation(), "deliveryStreamName", name);
        Map<String, String> tags = TagActions.parseTags(Fields.array(body, "Tags"), "tags", validation, false);
        EncryptionInput encryptionInput = EncryptionInput.parse(body, validation);
        JsonNode directPut = Fields.object(body, "DirectPutSourceConfiguration");
        if (directPut != null) {
            // botocore: ThroughputHintInMBs is required in DirectPutSourceConfiguration, 1 to 100.
            Integer hint = Fields.integer(directPut, "ThroughputHintInMBs");
            validation
                    .required("directPutSourceConfiguration.throughputHintInMBs", hint)
                    .range("directPutSourceConfiguration.throughputHintInMBs", hint, 1, 100);
        }
        validation.throwIfInvalid();
        ObjectNode stored = body.deepCopy();
        stored.remove("Tags");
        Map<String, String> connector = DeliveryStreamTranslator.translate(stored, config.environment(), tables);
        roles.requireAssumable(stored, name, DeliveryStreams.arn(request, name));
        encryption.checkDestinationKey(connector);
        String type = body.path("DeliveryStreamType").asText("DirectPut");
        if (directPut != null && !"DirectPut".equals(type)) {
            throw FirehoseErrors.invalidArgument(
                    "DirectPutSourceConfiguration is allowed only when DeliveryStreamType" + " is DirectPut.");
        }
        if (encryptionInput != null) {
            if (!"DirectPut".equals(type)) {
                // AWS: server-side encryption is for DirectPut delivery streams only.
                throw FirehoseErrors.invalidArgument("Server-side encryption is not supported for " + type
                        + " delivery stream type; it is available only for DirectPut delivery streams.");
            }
            encryption.checkUsable(encryptionInput);
        }
        String topic = connector.get("topics");
        long now = System.currentTimeMillis();
        DeliveryStreamMetadata created = DeliveryStreamMetadata.newBuilder()
                .setName(name)
                .setIncarnation(UUID.randomUUID().toString())
                .setVersion(1)
                .setStatus(DeliveryStreamStatus.CREATING)
                .setDeliveryStreamType(type)
                .setVersionId(1)
                .setSourceTopic(topic)
                .setConnectorName(connector.get("name"))
                .setRequest(stored.toString())
                .setCreatedAtMillis(now)
                .setUpdatedAtMillis(now)
                .setTags(Map.copyOf(tags))
                .setEncryption(
                        encryptionInput == null
                                ? null
                                : DeliveryStreamEncryption.newBuilder()
                                        .setKeyType(encryptionInput.keyType())
                                        .setKeyArn(encryptionInput.keyArn())
                                        .setStatus(StreamEncryption.ENABLING)
                                        .setKeys(List.of(encryption.newDataKey(name, null)))
                                        .build())
                .setStepOwner(lifecycle.gatewayId())
                .setStepStartedAtMillis(now)
                .build();
        return store.sync()
                .thenCompose(ignored -> {
                    if (store.stream(name).isPresent()) {
                        throw inUse(request, name);
                    }
                    return "DirectPut".equals(type)
                            ? CompletableFuture.completedFuture(null)
                            : requireTopic(type, topic);
                })
                .thenCompose(ignored -> store.write(created))
                .handle((written, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                        if (cause instanceof VersionConflictException) {
                            throw inUse(request, name);
                        }
                        throw error instanceof CompletionException c ? c : new CompletionException(error);
                    }
                    lifecycle.activate(written);
                    ObjectNode response = WireCodec.object();
                    response.put("DeliveryStreamARN", DeliveryStreams.arn(request, name));
                    return response;
                });
    }

    /** A Kinesis or Kafka source must exist, as AWS checks the source stream at creation. */
    private CompletableFuture<Void> requireTopic(String type, String topic) {
        return admin.describeTopics(List.of(topic))
                .allTopicNames()
                .toCompletionStage()
                .toCompletableFuture()
                .handle((found, error) -> {
                    if (error == null) {
                        return null;
                    }
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    if (cause instanceof UnknownTopicOrPartitionException) {
                        throw FirehoseErrors.invalidArgument(
                                ("KinesisStreamAsSource".equals(type) ? "Kinesis stream " : "Topic ") + topic
                                        + " does not exist.");
                    }
                    throw new CompletionException(cause);
                });
    }

    CompletionStage<JsonNode> describe(AwsRequest request) {
        JsonNode body = request.body();
        String name = Fields.text(body, "DeliveryStreamName");
        Integer limit = Fields.integer(body, "Limit");
        String startId = Fields.text(body, "ExclusiveStartDestinationId");
        // Limits from the botocore model: Limit 1 to 10,000; DestinationId 1 to 100 characters.
        DeliveryStreams.checkName(new Validation(), "deliveryStreamName", name)
                .range("limit", limit, 1, 10_000)
                .length("exclusiveStartDestinationId", startId, 1, 100)
                .throwIfInvalid();
        return store.sync().thenApply(ignored -> {
            DeliveryStreamMetadata stream = DeliveryStreams.require(store, request, name);
            ObjectNode response = WireCodec.object();
            // AWS keeps a stream ACTIVE while its destination fails and says why in FailureDescription.
            FailureDescription deliveryFailure = stream.getStatus() == DeliveryStreamStatus.ACTIVE
                    ? roles.failure(name)
                            .map(details -> FailureDescription.of(FailureDescription.UNKNOWN_ERROR, details))
                            .or(() -> health.failure(name))
                            .orElse(null)
                    : null;
            response.set(
                    "DeliveryStreamDescription",
                    DeliveryStreamShapes.describe(
                            stream, DeliveryStreams.arn(request, name), startId, deliveryFailure));
            return response;
        });
    }

    JsonNode list(AwsRequest request) {
        JsonNode body = request.body();
        Integer limit = Fields.integer(body, "Limit");
        String type = Fields.text(body, "DeliveryStreamType");
        String start = Fields.text(body, "ExclusiveStartDeliveryStreamName");
        new Validation()
                .range("limit", limit, 1, 10_000)
                .oneOf("deliveryStreamType", type, TYPES)
                .length("exclusiveStartDeliveryStreamName", start, 1, 64)
                .throwIfInvalid();
        int max = limit == null ? 10 : limit; // AWS's default Limit is 10.
        ArrayNode names = WireCodec.object().arrayNode();
        boolean more = false;
        for (DeliveryStreamMetadata stream : store.streams()) {
            if ((start != null && stream.getName().compareTo(start) <= 0)
                    || (type != null && !type.equals(stream.getDeliveryStreamType()))) {
                continue;
            }
            if (names.size() == max) {
                more = true;
                break;
            }
            names.add(stream.getName());
        }
        ObjectNode response = WireCodec.object();
        response.set("DeliveryStreamNames", names);
        response.put("HasMoreDeliveryStreams", more);
        return response;
    }

    CompletionStage<JsonNode> delete(AwsRequest request) {
        JsonNode body = request.body();
        String name = Fields.text(body, "DeliveryStreamName");
        Fields.bool(body, "AllowForceDelete");
        DeliveryStreams.checkName(new Validation(), "deliveryStreamName", name).throwIfInvalid();
        return store.sync().thenCompose(ignored -> {
            DeliveryStreamMetadata stream = DeliveryStreams.require(store, request, name);
            if (stream.getStatus() == DeliveryStreamStatus.CREATING) {
                // AWS: a delivery stream cannot be deleted while it is CREATING.
                throw FirehoseErrors.resourceInUse("Firehose " + name + " under account " + request.accountId()
                        + " is in CREATING state and cannot be deleted until it is ACTIVE or CREATING_FAILED.");
            }
            if (stream.getStatus() == DeliveryStreamStatus.DELETING) {
                return CompletableFuture.completedFuture(WireCodec.object());
            }
            return store.update(
                            name,
                            stream.getIncarnation(),
                            s -> lifecycle
                                    .ownStep(DeliveryStreamMetadata.newBuilder(s)
                                            .setStatus(DeliveryStreamStatus.DELETING)
                                            .setFailureDetails(null))
                                    .build())
                    .thenApply(deleting -> {
                        if (deleting == null) {
                            throw DeliveryStreams.notFound(request, name);
                        }
                        lifecycle.retire(deleting);
                        return (JsonNode) WireCodec.object();
                    });
        });
    }

    private static ApiException inUse(AwsRequest request, String name) {
        return FirehoseErrors.resourceInUse(
                "Firehose " + name + " under accountId " + request.accountId() + " already exists");
    }
}
