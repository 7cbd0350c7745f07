package io.millrace.firehose.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.schemas.firehose.DeliveryStreamEncryption;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * DescribeDeliveryStream's DeliveryStreamDescription, rebuilt from the stored CreateDeliveryStream request with
 * AWS's defaults filled in (BufferingHints 5 MiB / 300 s, UNCOMPRESSED, NoEncryption, S3BackupMode Disabled).
 */
final class DeliveryStreamShapes {

    /** Millrace delivery streams have exactly one destination, with AWS's id format. */
    static final String DESTINATION_ID = "destinationId-000000000001";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeliveryStreamShapes() {}

    /**
     * @param deliveryFailure why delivery currently fails (the stream's tasks report it), or null: shown as the
     *                        FailureDescription unless the stream has a failure of its own (CREATING_FAILED, ...)
     */
    static ObjectNode describe(
            DeliveryStreamMetadata stream,
            String arn,
            String exclusiveStartDestinationId,
            FailureDescription deliveryFailure) {
        JsonNode request = parse(stream.getRequest());
        ObjectNode d = WireCodec.object();
        d.put("DeliveryStreamName", stream.getName());
        d.put("DeliveryStreamARN", arn);
        d.put("DeliveryStreamStatus", stream.getStatus().name());
        FailureDescription failure = stream.getFailureDetails() != null
                ? FailureDescription.parse(stream.getFailureDetails())
                : deliveryFailure;
        if (failure != null) {
            failure.writeTo(d);
        }
        d.set("DeliveryStreamEncryptionConfiguration", encryption(stream.getEncryption()));
        d.put("DeliveryStreamType", stream.getDeliveryStreamType());
        d.put("VersionId", Long.toString(stream.getVersionId()));
        d.putPOJO("CreateTimestamp", Instant.ofEpochMilli(stream.getCreatedAtMillis()));
        d.putPOJO("LastUpdateTimestamp", Instant.ofEpochMilli(stream.getUpdatedAtMillis()));
        source(stream, request, d);
        ArrayNode destinations = d.putArray("Destinations");
        if (exclusiveStartDestinationId == null || exclusiveStartDestinationId.compareTo(DESTINATION_ID) < 0) {
            destinations.add(destination(request));
        }
        d.put("HasMoreDestinations", false);
        return d;
    }

    /** AWS leaves KeyARN out for AWS_OWNED_CMK; a stream never encrypted is DISABLED with nothing else. */
    private static ObjectNode encryption(DeliveryStreamEncryption encryption) {
        ObjectNode e = WireCodec.object();
        if (encryption == null) {
            e.put("Status", "DISABLED");
            return e;
        }
        if (encryption.getKeyArn() != null) {
            e.put("KeyARN", encryption.getKeyArn());
        }
        e.put("KeyType", encryption.getKeyType());
        e.put("Status", encryption.getStatus());
        if (encryption.getFailureDetails() != null) {
            FailureDescription.parse(encryption.getFailureDetails()).writeTo(e);
        }
        return e;
    }

    private static void source(DeliveryStreamMetadata stream, JsonNode request, ObjectNode d) {
        JsonNode hint = request.path("DirectPutSourceConfiguration").path("ThroughputHintInMBs");
        if ("DirectPut".equals(stream.getDeliveryStreamType()) && hint.isInt()) {
            d.putObject("Source").putObject("DirectPutSourceDescription").put("ThroughputHintInMBs", hint.asInt());
        }
        JsonNode kinesis = request.path("KinesisStreamSourceConfiguration");
        if ("KinesisStreamAsSource".equals(stream.getDeliveryStreamType()) && kinesis.isObject()) {
            ObjectNode k = d.putObject("Source").putObject("KinesisStreamSourceDescription");
            k.put("KinesisStreamARN", kinesis.path("KinesisStreamARN").asText());
            k.put("RoleARN", kinesis.path("RoleARN").asText());
            k.putPOJO("DeliveryStartTimestamp", Instant.ofEpochMilli(stream.getCreatedAtMillis()));
        }
        JsonNode msk = request.path("MSKSourceConfiguration");
        if ("MSKAsSource".equals(stream.getDeliveryStreamType()) && msk.isObject()) {
            ObjectNode m = d.putObject("Source").putObject("MSKSourceDescription");
            copy(msk, m, "MSKClusterARN");
            copy(msk, m, "TopicName");
            copy(msk, m, "AuthenticationConfiguration");
            m.putPOJO("DeliveryStartTimestamp", Instant.ofEpochMilli(stream.getCreatedAtMillis()));
            copy(msk, m, "ReadFromTimestamp");
        }
    }

    private static ObjectNode destination(JsonNode request) {
        ObjectNode destination = WireCodec.object();
        destination.put("DestinationId", DESTINATION_ID);
        JsonNode http = request.path("HttpEndpointDestinationConfiguration");
        if (http.isObject()) {
            destination.set("HttpEndpointDestinationDescription", httpEndpoint(http));
            return destination;
        }
        JsonNode openSearch = request.path("AmazonopensearchserviceDestinationConfiguration");
        if (openSearch.isObject()) {
            destination.set("AmazonopensearchserviceDestinationDescription", openSearch(openSearch));
            return destination;
        }
        JsonNode iceberg = request.path("IcebergDestinationConfiguration");
        if (iceberg.isObject()) {
            destination.set("IcebergDestinationDescription", iceberg(iceberg));
            return destination;
        }
        JsonNode extended = request.path("ExtendedS3DestinationConfiguration");
        JsonNode config = extended.isObject() ? extended : request.path("S3DestinationConfiguration");
        // AWS describes an S3 destination both ways: the plain description and the extended one.
        destination.set("S3DestinationDescription", s3(config));
        ObjectNode ext = s3(config);
        copy(config, ext, "ProcessingConfiguration");
        ext.put("S3BackupMode", config.path("S3BackupMode").asText("Disabled"));
        if (config.path("S3BackupConfiguration").isObject()) {
            ext.set("S3BackupDescription", s3(config.path("S3BackupConfiguration")));
        }
        copy(config, ext, "DataFormatConversionConfiguration");
        copy(config, ext, "DynamicPartitioningConfiguration");
        copy(config, ext, "FileExtension");
        copy(config, ext, "CustomTimeZone");
        destination.set("ExtendedS3DestinationDescription", ext);
        return destination;
    }

    /** AWS's defaults filled in; the AccessKey is never returned (AWS leaves it out of descriptions). */
    private static ObjectNode httpEndpoint(JsonNode config) {
        ObjectNode http = WireCodec.object();
        ObjectNode endpoint = http.putObject("EndpointConfiguration");
        copy(config.path("EndpointConfiguration"), endpoint, "Url");
        copy(config.path("EndpointConfiguration"), endpoint, "Name");
        buffering(config, http);
        copy(config, http, "CloudWatchLoggingOptions");
        ObjectNode request = http.putObject("RequestConfiguration");
        request.put(
                "ContentEncoding",
                config.path("RequestConfiguration").path("ContentEncoding").asText("NONE"));
        copy(config.path("RequestConfiguration"), request, "CommonAttributes");
        copy(config, http, "ProcessingConfiguration");
        copy(config, http, "RoleARN");
        retry(config, http);
        http.put("S3BackupMode", config.path("S3BackupMode").asText("FailedDataOnly"));
        http.set("S3DestinationDescription", s3(config.path("S3Configuration")));
        return http;
    }

    /** AWS's defaults filled in: OneDay rotation, 5 MiB / 300 s, 300 s of retries, FailedDocumentsOnly. */
    private static ObjectNode openSearch(JsonNode config) {
        ObjectNode os = WireCodec.object();
        copy(config, os, "RoleARN");
        copy(config, os, "DomainARN");
        copy(config, os, "ClusterEndpoint");
        copy(config, os, "IndexName");
        copy(config, os, "TypeName");
        os.put("IndexRotationPeriod", config.path("IndexRotationPeriod").asText("OneDay"));
        buffering(config, os);
        retry(config, os);
        os.put("S3BackupMode", config.path("S3BackupMode").asText("FailedDocumentsOnly"));
        os.set("S3DestinationDescription", s3(config.path("S3Configuration")));
        copy(config, os, "ProcessingConfiguration");
        copy(config, os, "CloudWatchLoggingOptions");
        os.putObject("DocumentIdOptions")
                .put(
                        "DefaultDocumentIdFormat",
                        config.path("DocumentIdOptions")
                                .path("DefaultDocumentIdFormat")
                                .asText("FIREHOSE_DEFAULT"));
        return os;
    }

    /** IcebergDestinationDescription: the configuration given, AWS's defaults filled in. */
    private static ObjectNode iceberg(JsonNode config) {
        ObjectNode iceberg = WireCodec.object();
        for (String member : new String[] {
            "DestinationTableConfigurationList",
            "SchemaEvolutionConfiguration",
            "TableCreationConfiguration",
            "CloudWatchLoggingOptions",
            "ProcessingConfiguration",
            "RoleARN",
            "AppendOnly",
            "CatalogConfiguration"
        }) {
            copy(config, iceberg, member);
        }
        buffering(config, iceberg);
        retry(config, iceberg);
        iceberg.put("S3BackupMode", config.path("S3BackupMode").asText("FailedDataOnly"));
        iceberg.set("S3DestinationDescription", s3(config.path("S3Configuration")));
        return iceberg;
    }

    /** BufferingHints with AWS's defaults (5 MiB, 300 s). */
    private static void buffering(JsonNode config, ObjectNode description) {
        ObjectNode hints = description.putObject("BufferingHints");
        hints.put("SizeInMBs", config.path("BufferingHints").path("SizeInMBs").asInt(5));
        hints.put(
                "IntervalInSeconds",
                config.path("BufferingHints").path("IntervalInSeconds").asInt(300));
    }

    /** RetryOptions with AWS's default (300 s). */
    private static void retry(JsonNode config, ObjectNode description) {
        description
                .putObject("RetryOptions")
                .put(
                        "DurationInSeconds",
                        config.path("RetryOptions").path("DurationInSeconds").asInt(300));
    }

    private static ObjectNode s3(JsonNode config) {
        ObjectNode s3 = WireCodec.object();
        copy(config, s3, "RoleARN");
        copy(config, s3, "BucketARN");
        copy(config, s3, "Prefix");
        copy(config, s3, "ErrorOutputPrefix");
        ObjectNode hints = s3.putObject("BufferingHints");
        hints.put("SizeInMBs", config.path("BufferingHints").path("SizeInMBs").asInt(5));
        hints.put(
                "IntervalInSeconds",
                config.path("BufferingHints").path("IntervalInSeconds").asInt(300));
        s3.put("CompressionFormat", config.path("CompressionFormat").asText("UNCOMPRESSED"));
        if (config.path("EncryptionConfiguration").isObject()) {
            s3.set("EncryptionConfiguration", config.get("EncryptionConfiguration"));
        } else {
            s3.putObject("EncryptionConfiguration").put("NoEncryptionConfig", "NoEncryption");
        }
        copy(config, s3, "CloudWatchLoggingOptions");
        return s3;
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(field, value.deepCopy());
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
