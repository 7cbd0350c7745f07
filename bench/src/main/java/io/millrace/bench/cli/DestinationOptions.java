package io.millrace.bench.cli;

import io.millrace.bench.workload.Buffering;
import io.millrace.bench.workload.DeliveryDestination;
import io.millrace.bench.workload.HttpEndpointDestination;
import io.millrace.bench.workload.IcebergTableDestination;
import io.millrace.bench.workload.OpenSearchIndexDestination;
import io.millrace.bench.workload.PayloadFormat;
import io.millrace.bench.workload.S3Destination;
import io.millrace.bench.workload.S3Target;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import software.amazon.awssdk.services.s3.S3Client;

/** Where the {@code firehose} workload's delivery stream delivers, and how the bench reaches that destination. */
public final class DestinationOptions {

    /** The destinations a delivery stream of the platform delivers to. */
    enum Kind {
        S3,
        HTTP,
        ICEBERG,
        OPENSEARCH;

        /** BufferingHints.SizeInMBs maximum of the destination (botocore firehose/2015-08-04 service-2.json). */
        int maxBufferMb() {
            return switch (this) {
                case HTTP -> 64;
                case OPENSEARCH -> 100;
                case S3, ICEBERG -> 128;
            };
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Option(
            names = "--destination",
            defaultValue = "s3",
            converter = KindConverter.class,
            description = "Where the delivery stream delivers: s3, http (an endpoint the bench serves), iceberg (a"
                    + " table in a Glue database of the platform's Glue API) or opensearch (--opensearch-url)"
                    + " (default: ${DEFAULT-VALUE})")
    Kind kind;

    @Option(
            names = "--http-host",
            defaultValue = "127.0.0.1",
            description = "Loopback address the http destination's endpoint listens on; the platform takes plain"
                    + " http only to loopback hosts (default: ${DEFAULT-VALUE})")
    String httpHost;

    @Option(
            names = "--http-port",
            defaultValue = "0",
            description = "Port of the http destination's endpoint, 0 for a free one (default: ${DEFAULT-VALUE})")
    int httpPort;

    @Option(
            names = "--http-access-key",
            defaultValue = "millrace-bench",
            description = "EndpointConfiguration.AccessKey, checked in each request's X-Amz-Firehose-Access-Key"
                    + " header (default: ${DEFAULT-VALUE})")
    String httpAccessKey;

    @Option(
            names = "--http-threads",
            defaultValue = "4",
            description = "Request handler threads of the http destination's endpoint (default: ${DEFAULT-VALUE})")
    int httpThreads;

    @Option(
            names = "--opensearch-url",
            description = "REST URL of the OpenSearch node the opensearch destination writes to (the stream's"
                    + " ClusterEndpoint; http only on a loopback host), which the user runs")
    URI openSearchUrl;

    static final class KindConverter implements picocli.CommandLine.ITypeConverter<Kind> {
        @Override
        public Kind convert(String value) {
            try {
                return Kind.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "expected s3, http, iceberg or opensearch, got '" + value + "'");
            }
        }
    }

    /** Iceberg and OpenSearch parse records as JSON objects; S3 and HTTP take the bench's binary records. */
    int minRecordSize() {
        return (kind == Kind.ICEBERG || kind == Kind.OPENSEARCH ? PayloadFormat.JSON : PayloadFormat.BINARY).minBytes();
    }

    boolean s3() {
        return kind == Kind.S3;
    }

    /** Checks the options that depend on the destination. */
    void check(CommandSpec spec, int bufferSizeMb) {
        if (bufferSizeMb > kind.maxBufferMb()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--buffer-size-mb must be at most " + kind.maxBufferMb() + " for the " + kind.label()
                            + " destination, got " + bufferSizeMb);
        }
        if (kind == Kind.OPENSEARCH && openSearchUrl == null) {
            throw new ParameterException(spec.commandLine(), "--destination opensearch needs --opensearch-url");
        }
        if (kind != Kind.OPENSEARCH && openSearchUrl != null) {
            throw new ParameterException(spec.commandLine(), "--opensearch-url is for --destination opensearch");
        }
        if (httpThreads < 1 || httpThreads > 256) {
            throw new ParameterException(
                    spec.commandLine(), "--http-threads must be between 1 and 256, got " + httpThreads);
        }
    }

    /**
     * The destination of run {@code name}, ready for its delivery stream (the http endpoint listening, the Iceberg
     * table created).
     *
     * @param firehoseEndpoint the platform's endpoint, whose Glue API the Iceberg table is made through
     */
    DeliveryDestination open(
            String name,
            String prefix,
            String bucket,
            int recordSize,
            Buffering buffering,
            S3Target s3Target,
            S3Client s3,
            URI firehoseEndpoint,
            Map<String, String> params) {
        switch (kind) {
            case HTTP -> {
                HttpEndpointDestination http = new HttpEndpointDestination(
                        httpHost,
                        httpPort,
                        httpThreads,
                        httpAccessKey,
                        recordSize,
                        buffering,
                        bucket,
                        prefix + "errors/");
                params.put(
                        "destination",
                        "HTTP endpoint " + http.url() + " served by the bench (" + httpThreads
                                + " handler threads), failed records to s3://" + bucket + "/" + prefix + "errors/");
                return http;
            }
            case ICEBERG -> {
                String database = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
                IcebergTableDestination iceberg = new IcebergTableDestination(
                        firehoseEndpoint.toString(), s3Target, s3, bucket, prefix, database, recordSize, buffering);
                iceberg.createTable();
                params.put(
                        "destination",
                        "Iceberg table " + database + ".records (Glue API of " + firehoseEndpoint + ", warehouse s3://"
                                + bucket + "/" + prefix + "warehouse on " + s3Target.describe() + ")");
                return iceberg;
            }
            case OPENSEARCH -> {
                String index = name.toLowerCase(Locale.ROOT);
                params.put("destination", "OpenSearch index " + index + " on " + openSearchUrl);
                return new OpenSearchIndexDestination(
                        openSearchUrl, index, bucket, prefix + "errors/", recordSize, buffering);
            }
            default -> {
                params.put("destination", "s3://" + bucket + "/" + prefix + " on " + s3Target.describe());
                return new S3Destination(s3, bucket, prefix, recordSize, buffering);
            }
        }
    }
}
