package io.millrace.firehose.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.config.PartitioningKeys;
import io.millrace.firehose.conversion.CatalogTables;
import io.millrace.firehose.errors.FirehoseErrors;
import io.millrace.firehose.translation.DeliveryStreamTranslator;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import io.millrace.schemas.firehose.DeliveryStreamStatus;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * UpdateDestination: as AWS does, the given parameters are merged into the destination's configuration and the
 * others keep their values; the call names the VersionId it read (ConcurrentModificationException when another update
 * came first), and each update adds 1 to it, which also starts the version part of new object names.
 */
final class DestinationUpdateActions {

    /** CurrentDeliveryStreamVersionId: 1 to 50 digits (botocore model). */
    private static final Pattern VERSION_ID = Pattern.compile("[0-9]+");

    private static final Pattern DESTINATION_ID = Pattern.compile("[a-zA-Z0-9-]+");
    private static final List<String> OTHER_UPDATES = List.of(
            "RedshiftDestinationUpdate",
            "ElasticsearchDestinationUpdate",
            "SplunkDestinationUpdate",
            "AmazonOpenSearchServerlessDestinationUpdate",
            "SnowflakeDestinationUpdate",
            "IcebergDestinationUpdate");

    private static final String HTTP = "HttpEndpointDestinationConfiguration";
    private static final String OPENSEARCH = "AmazonopensearchserviceDestinationConfiguration";

    private static final java.util.Set<String> ONE_OF = java.util.Set.of("Serializer", "Deserializer");

    private final FirehoseConfig config;
    private final DeliveryStreamStore store;
    private final DeliveryStreamLifecycle lifecycle;
    /** Where DataFormatConversionConfiguration's table is resolved, when the request is made. */
    private final CatalogTables tables;

    /** The roles Firehose acts as: each one a destination update names must trust it (signed mode). */
    private final DeliveryRoles roles;

    private final StreamEncryption encryption;

    DestinationUpdateActions(
            FirehoseConfig config,
            DeliveryStreamStore store,
            DeliveryStreamLifecycle lifecycle,
            CatalogTables tables,
            DeliveryRoles roles,
            StreamEncryption encryption) {
        this.roles = roles;
        this.encryption = encryption;
        this.tables = tables;
        this.config = config;
        this.store = store;
        this.lifecycle = lifecycle;
    }

    CompletionStage<JsonNode> update(AwsRequest request) {
        JsonNode body = request.body();
        String name = Fields.text(body, "DeliveryStreamName");
        String versionId = Fields.text(body, "CurrentDeliveryStreamVersionId");
        String destinationId = Fields.text(body, "DestinationId");
        JsonNode extended = Fields.object(body, "ExtendedS3DestinationUpdate");
        JsonNode plain = Fields.object(body, "S3DestinationUpdate");
        DeliveryStreams.checkName(new Validation(), "deliveryStreamName", name)
                .required("currentDeliveryStreamVersionId", versionId)
                .length("currentDeliveryStreamVersionId", versionId, 1, 50)
                .pattern("currentDeliveryStreamVersionId", versionId, VERSION_ID)
                .required("destinationId", destinationId)
                .length("destinationId", destinationId, 1, 100)
                .pattern("destinationId", destinationId, DESTINATION_ID)
                .throwIfInvalid();
        for (String other : OTHER_UPDATES) {
            if (body.hasNonNull(other)) {
                throw FirehoseErrors.invalidArgument(
                        other + " is not supported; Millrace updates S3, HTTP endpoint and OpenSearch destinations.");
            }
        }
        JsonNode http = Fields.object(body, "HttpEndpointDestinationUpdate");
        JsonNode openSearch = Fields.object(body, "AmazonopensearchserviceDestinationUpdate");
        if ((extended != null ? 1 : 0) + (plain != null ? 1 : 0) + (http != null ? 1 : 0) + (openSearch != null ? 1 : 0)
                > 1) {
            throw FirehoseErrors.invalidArgument("Only one destination update can be specified.");
        }
        if (extended == null && plain == null && http == null && openSearch == null) {
            throw FirehoseErrors.invalidArgument("A destination update is required: ExtendedS3DestinationUpdate.");
        }
        JsonNode update = extended != null ? extended : plain != null ? plain : http != null ? http : openSearch;
        String kind = http != null ? HTTP : openSearch != null ? OPENSEARCH : null;
        return store.sync()
                .thenCompose(ignored -> {
                    DeliveryStreamMetadata stream = DeliveryStreams.require(store, request, name);
                    if (stream.getStatus() != DeliveryStreamStatus.ACTIVE) {
                        throw FirehoseErrors.resourceInUse("Firehose " + name + " is " + stream.getStatus()
                                + "; its destination can be updated once it is ACTIVE.");
                    }
                    if (!DeliveryStreamShapes.DESTINATION_ID.equals(destinationId)) {
                        throw FirehoseErrors.invalidArgument(
                                "Destination " + destinationId + " not found in Firehose " + name + ".");
                    }
                    ObjectNode stored = storedRequest(stream.getRequest());
                    String storedKind = stored.has(HTTP) ? HTTP : stored.has(OPENSEARCH) ? OPENSEARCH : null;
                    if (!Objects.equals(storedKind, kind)) {
                        throw FirehoseErrors.invalidArgument("Firehose " + name + " delivers to "
                                + (HTTP.equals(storedKind)
                                        ? "an HTTP endpoint"
                                        : OPENSEARCH.equals(storedKind) ? "OpenSearch" : "S3")
                                + "; changing the destination type is not supported.");
                    }
                    ObjectNode merged = kind != null
                            ? mergedWithS3Configuration(stream.getRequest(), kind, update)
                            : merged(stream.getRequest(), update);
                    Map<String, String> before = DeliveryStreamTranslator.translate(
                            storedRequest(stream.getRequest()),
                            config.environment().forStoredStream(),
                            tables);
                    Map<String, String> after =
                            DeliveryStreamTranslator.translate(merged, config.environment(), tables);
                    roles.requireAssumable(merged, name, DeliveryStreams.arn(request, name));
                    encryption.checkDestinationKey(after);
                    // AWS: dynamic partitioning can be enabled only when a stream is created, and stays enabled.
                    String dp = PartitioningKeys.DYNAMIC_PARTITIONING_ENABLED;
                    if (!Objects.equals(before.get(dp), after.get(dp))) {
                        throw FirehoseErrors.invalidArgument("Dynamic partitioning cannot be enabled or disabled on an "
                                + "existing delivery stream; it is set when the delivery stream is created.");
                    }
                    return store.update(name, stream.getIncarnation(), s -> {
                        if (!versionId.equals(Long.toString(s.getVersionId()))) {
                            throw FirehoseErrors.concurrentModification("Firehose " + name + " is at version "
                                    + s.getVersionId() + ", not " + versionId + ".");
                        }
                        return DeliveryStreamMetadata.newBuilder(s)
                                .setRequest(merged.toString())
                                .setVersionId(s.getVersionId() + 1)
                                .build();
                    });
                })
                .thenCompose(updated -> {
                    if (updated == null) {
                        throw DeliveryStreams.notFound(request, name);
                    }
                    return lifecycle.reconfigure(updated);
                })
                .thenApply(ignored -> WireCodec.object());
    }

    /**
     * The stored CreateDeliveryStream request with the update merged into its destination: structures merge member
     * by member, anything else is replaced; S3BackupUpdate updates S3BackupConfiguration. A stream created with
     * S3DestinationConfiguration becomes an extended one, as AWS describes it.
     */
    private static ObjectNode storedRequest(String storedRequest) {
        try {
            return (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(storedRequest);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ObjectNode merged(String storedRequest, JsonNode update) {
        ObjectNode request = storedRequest(storedRequest);
        JsonNode plain = request.remove("S3DestinationConfiguration");
        JsonNode current = request.get("ExtendedS3DestinationConfiguration");
        ObjectNode destination =
                current instanceof ObjectNode o ? o : plain instanceof ObjectNode p ? p : WireCodec.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = update.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = "S3BackupUpdate".equals(field.getKey()) ? "S3BackupConfiguration" : field.getKey();
            merge(destination, key, field.getValue());
        }
        request.set("ExtendedS3DestinationConfiguration", destination);
        return request;
    }

    /**
     * The same merge into HttpEndpointDestinationConfiguration or AmazonopensearchserviceDestinationConfiguration;
     * S3Update updates its S3Configuration.
     */
    private static ObjectNode mergedWithS3Configuration(String storedRequest, String kind, JsonNode update) {
        ObjectNode request = storedRequest(storedRequest);
        ObjectNode destination = (ObjectNode) request.get(kind);
        for (Iterator<Map.Entry<String, JsonNode>> it = update.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            merge(
                    destination,
                    "S3Update".equals(field.getKey()) ? "S3Configuration" : field.getKey(),
                    field.getValue());
        }
        return request;
    }

    private static void merge(ObjectNode into, String key, JsonNode value) {
        JsonNode existing = into.get(key);
        // A structure of which exactly one member is set (DataFormatConversionConfiguration's Serializer and
        // Deserializer) is replaced whole: ParquetSerDe then OrcSerDe means ORC, not both.
        if (value.isObject() && existing instanceof ObjectNode target && !ONE_OF.contains(key)) {
            value.fields().forEachRemaining(f -> merge(target, f.getKey(), f.getValue()));
        } else {
            into.set(key, value.deepCopy());
        }
    }
}
