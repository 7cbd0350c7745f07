package io.millrace.firehose.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/**
 * The HTTP endpoint destination (HttpEndpointDestinationConfiguration). With {@link #DESTINATION_TYPE} HttpEndpoint
 * the destination's buffers are POSTed to the endpoint in AWS's request format instead of written to S3; the S3 keys
 * then describe its S3Configuration, where failed records (and with AllData every record) go. Its BufferingHints are
 * buffering.size.mb and buffering.interval.seconds.
 */
public final class HttpEndpointKeys {
    static final String GROUP = "HTTP endpoint destination (HttpEndpointDestinationConfiguration)";

    public static final String DESTINATION_TYPE = "destination.type";
    public static final String EXTENDED_S3 = "ExtendedS3";
    public static final String HTTP_ENDPOINT = "HttpEndpoint";

    public static final String URL = "http.endpoint.url";
    public static final String NAME = "http.endpoint.name";
    public static final String ACCESS_KEY = "http.endpoint.access.key";
    public static final String CONTENT_ENCODING = "http.endpoint.content.encoding";
    public static final String COMMON_ATTRIBUTES = "http.endpoint.common.attributes";
    public static final String RETRY_DURATION_SECONDS = "http.endpoint.retry.duration.seconds";
    public static final String REQUEST_TIMEOUT_MS = "http.endpoint.request.timeout.ms";
    public static final String S3_BACKUP_MODE = "http.endpoint.s3.backup.mode";

    private HttpEndpointKeys() {}

    static void define(ConfigDef def) {
        def.define(
                        DESTINATION_TYPE,
                        Type.STRING,
                        EXTENDED_S3,
                        ValidString.in(
                                EXTENDED_S3,
                                HTTP_ENDPOINT,
                                OpenSearchKeys.AMAZON_OPENSEARCH_SERVICE,
                                IcebergKeys.ICEBERG),
                        Importance.HIGH,
                        "Where the destination's buffers go: ExtendedS3 (objects in s3.bucket), HttpEndpoint (POSTs "
                                + "to " + URL + "), AmazonOpenSearchService (_bulk requests to "
                                + OpenSearchKeys.ENDPOINT_URL + ") or Iceberg (appended to Iceberg tables, see "
                                + "iceberg.tables); for all but the first, s3.bucket and its prefixes are the "
                                + "S3Configuration.",
                        GROUP,
                        1,
                        ConfigDef.Width.SHORT,
                        "Destination type")
                .define(
                        URL,
                        Type.STRING,
                        "",
                        Importance.HIGH,
                        "EndpointConfiguration.Url the records are POSTed to (http:// or https://; the Firehose API "
                                + "admits http only for loopback hosts).",
                        GROUP,
                        2,
                        ConfigDef.Width.LONG,
                        "Endpoint URL")
                .define(
                        NAME,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        "EndpointConfiguration.Name, written as EndpointName in the failed-delivery envelopes.",
                        GROUP,
                        3,
                        ConfigDef.Width.MEDIUM,
                        "Endpoint name")
                .define(
                        ACCESS_KEY,
                        Type.PASSWORD,
                        "",
                        Importance.MEDIUM,
                        "EndpointConfiguration.AccessKey, sent as X-Amz-Firehose-Access-Key (left out when empty).",
                        GROUP,
                        4,
                        ConfigDef.Width.MEDIUM,
                        "Access key")
                .define(
                        CONTENT_ENCODING,
                        Type.STRING,
                        "NONE",
                        ValidString.in("NONE", "GZIP"),
                        Importance.LOW,
                        "RequestConfiguration.ContentEncoding: GZIP compresses request bodies (Content-Encoding: "
                                + "gzip).",
                        GROUP,
                        5,
                        ConfigDef.Width.SHORT,
                        "Content encoding")
                .define(
                        COMMON_ATTRIBUTES,
                        Type.STRING,
                        "{}",
                        Importance.LOW,
                        "RequestConfiguration.CommonAttributes as a JSON object of names to values, sent in every "
                                + "request as X-Amz-Firehose-Common-Attributes: {\"commonAttributes\":{...}}.",
                        GROUP,
                        6,
                        ConfigDef.Width.LONG,
                        "Common attributes")
                .define(
                        RETRY_DURATION_SECONDS,
                        Type.INT,
                        300,
                        Range.between(0, 7200),
                        Importance.MEDIUM,
                        "RetryOptions.DurationInSeconds: how long a failing request is retried (with "
                                + "retry.backoff.initial.ms doubling up to retry.backoff.max.ms) before its records go "
                                + "to the S3 error output as http-endpoint-failed; 0 tries once. Counted from the "
                                + "first failed attempt, by the task that made it.",
                        GROUP,
                        7,
                        ConfigDef.Width.SHORT,
                        "Retry duration (s)")
                .define(
                        REQUEST_TIMEOUT_MS,
                        Type.LONG,
                        180_000L,
                        Range.between(100, 180_000),
                        Importance.LOW,
                        "How long the endpoint has to answer one request before the attempt fails "
                                + "(HttpEndpoint.RequestTimeout); AWS gives it 3 minutes.",
                        GROUP,
                        8,
                        ConfigDef.Width.SHORT,
                        "Request timeout (ms)")
                .define(
                        S3_BACKUP_MODE,
                        Type.STRING,
                        "FailedDataOnly",
                        ValidString.in("FailedDataOnly", "AllData"),
                        Importance.MEDIUM,
                        "S3BackupMode: FailedDataOnly writes to S3 only what could not be delivered; AllData also "
                                + "backs up every source record (the Firehose API then sets s3.backup.mode to Enabled "
                                + "with the S3Configuration).",
                        GROUP,
                        9,
                        ConfigDef.Width.SHORT,
                        "S3 backup mode");
    }
}
