package io.millrace.firehose.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/**
 * The Amazon OpenSearch Service destination (AmazonopensearchserviceDestinationConfiguration). With
 * destination.type AmazonOpenSearchService the destination's buffers are indexed with the _bulk API instead of written
 * to S3; the S3 keys then describe its S3Configuration, where failed documents (and with AllDocuments every record)
 * go. Its BufferingHints are buffering.size.mb and buffering.interval.seconds. Values and defaults are those of the
 * botocore model firehose/2015-08-04.
 */
public final class OpenSearchKeys {
    static final String GROUP =
            "Amazon OpenSearch Service destination (AmazonopensearchserviceDestinationConfiguration)";

    public static final String AMAZON_OPENSEARCH_SERVICE = "AmazonOpenSearchService";

    public static final String ENDPOINT_URL = "opensearch.endpoint.url";
    public static final String INDEX_NAME = "opensearch.index.name";
    public static final String INDEX_ROTATION_PERIOD = "opensearch.index.rotation.period";
    public static final String DOCUMENT_ID_FORMAT = "opensearch.document.id.format";
    public static final String RETRY_DURATION_SECONDS = "opensearch.retry.duration.seconds";
    public static final String REQUEST_TIMEOUT_MS = "opensearch.request.timeout.ms";
    public static final String S3_BACKUP_MODE = "opensearch.s3.backup.mode";
    public static final String BUFFERS_IN_FLIGHT = "opensearch.buffers.in.flight";
    public static final String AUTH = "opensearch.auth";
    public static final String SIGNING_REGION = "opensearch.signing.region";
    public static final String SIGNING_SERVICE = "opensearch.signing.service";

    /** Requests go unsigned (a self-managed cluster reached as the worker can reach it). */
    public static final String AUTH_NONE = "NONE";
    /** Requests are signed with SigV4 and the task's credentials, as Firehose signs them with the role's. */
    public static final String AUTH_SIGV4 = "AWS_SIGV4";
    /** The signing name of Amazon OpenSearch Service domains. */
    public static final String DEFAULT_SIGNING_SERVICE = "es";

    private OpenSearchKeys() {}

    static void define(ConfigDef def) {
        def.define(
                        ENDPOINT_URL,
                        Type.STRING,
                        "",
                        Importance.HIGH,
                        "The cluster's REST endpoint (ClusterEndpoint, or the endpoint the Firehose API resolved "
                                + "DomainARN to) the _bulk requests go to: http:// or https://.",
                        GROUP,
                        1,
                        ConfigDef.Width.LONG,
                        "Cluster endpoint")
                .define(
                        INDEX_NAME,
                        Type.STRING,
                        "",
                        Importance.HIGH,
                        "IndexName: the index documents go to, with the rotation suffix appended.",
                        GROUP,
                        2,
                        ConfigDef.Width.MEDIUM,
                        "Index name")
                .define(
                        INDEX_ROTATION_PERIOD,
                        Type.STRING,
                        "OneDay",
                        ValidString.in("NoRotation", "OneHour", "OneDay", "OneWeek", "OneMonth"),
                        Importance.MEDIUM,
                        "IndexRotationPeriod: the part of each record's UTC arrival time appended to the index name "
                                + "(-yyyy-MM-dd-HH, -yyyy-MM-dd, -yyyy-'w'ww with weeks from Sunday, -yyyy-MM).",
                        GROUP,
                        3,
                        ConfigDef.Width.SHORT,
                        "Index rotation")
                .define(
                        DOCUMENT_ID_FORMAT,
                        Type.STRING,
                        "FIREHOSE_DEFAULT",
                        ValidString.in("FIREHOSE_DEFAULT", "NO_DOCUMENT_ID"),
                        Importance.MEDIUM,
                        "DocumentIdOptions.DefaultDocumentIdFormat: FIREHOSE_DEFAULT gives each record an id that "
                                + "stays the same across attempts and replays (a retried or replayed record overwrites "
                                + "itself); NO_DOCUMENT_ID lets OpenSearch make the ids (a replay can index a record "
                                + "twice).",
                        GROUP,
                        4,
                        ConfigDef.Width.SHORT,
                        "Document id format")
                .define(
                        RETRY_DURATION_SECONDS,
                        Type.INT,
                        300,
                        Range.between(0, 7200),
                        Importance.MEDIUM,
                        "RetryOptions.DurationInSeconds: how long documents that fail are retried (with "
                                + "retry.backoff.initial.ms doubling up to retry.backoff.max.ms) before they go to the "
                                + "S3 error output as AmazonOpenSearchService-failed; 0 tries once. Counted from the "
                                + "first failed attempt, by the task that made it.",
                        GROUP,
                        5,
                        ConfigDef.Width.SHORT,
                        "Retry duration (s)")
                .define(
                        REQUEST_TIMEOUT_MS,
                        Type.LONG,
                        60_000L,
                        Range.between(100, 600_000),
                        Importance.LOW,
                        "How long the cluster has to answer one _bulk request before the attempt fails "
                                + "(OS.RequestTimeout).",
                        GROUP,
                        6,
                        ConfigDef.Width.SHORT,
                        "Request timeout (ms)")
                .define(
                        S3_BACKUP_MODE,
                        Type.STRING,
                        "FailedDocumentsOnly",
                        ValidString.in("FailedDocumentsOnly", "AllDocuments"),
                        Importance.MEDIUM,
                        "S3BackupMode: FailedDocumentsOnly writes to S3 only the documents that could not be "
                                + "indexed; AllDocuments also backs up every source record (the Firehose API then "
                                + "sets s3.backup.mode to Enabled with the S3Configuration).",
                        GROUP,
                        7,
                        ConfigDef.Width.SHORT,
                        "S3 backup mode")
                .define(
                        BUFFERS_IN_FLIGHT,
                        Type.INT,
                        4,
                        Range.between(1, 16),
                        Importance.LOW,
                        "Buffers a task indexes at once (each in _bulk requests of at most 16 MiB), while it "
                                + "buffers the next records; the offset committed is still the start of the oldest "
                                + "buffer not indexed, and a replay indexes the newer ones again under the same "
                                + "FIREHOSE_DEFAULT ids. 1: one buffer at a time, in the task's thread.",
                        GROUP,
                        8,
                        ConfigDef.Width.SHORT,
                        "Buffers in flight")
                .define(
                        AUTH,
                        Type.STRING,
                        AUTH_NONE,
                        ValidString.in(AUTH_NONE, AUTH_SIGV4),
                        Importance.MEDIUM,
                        "How _bulk requests authenticate: NONE sends them unsigned; AWS_SIGV4 signs them with "
                                + "Signature Version 4 and the task's credentials (s3.access.key.id and its secret, "
                                + "or the AWS SDK's default chain), as Firehose signs them with the role's for an "
                                + "Amazon OpenSearch Service domain. The Firehose API sets AWS_SIGV4 for a DomainARN "
                                + "and for a ClusterEndpoint on an AWS domain host (*.REGION.es.amazonaws.com).",
                        GROUP,
                        9,
                        ConfigDef.Width.SHORT,
                        "Authentication")
                .define(
                        SIGNING_REGION,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        "The region of the signature's scope with AWS_SIGV4 (the domain's, which the Firehose API "
                                + "reads from DomainARN or the endpoint's host); empty: s3.region.",
                        GROUP,
                        10,
                        ConfigDef.Width.SHORT,
                        "Signing region")
                .define(
                        SIGNING_SERVICE,
                        Type.STRING,
                        DEFAULT_SIGNING_SERVICE,
                        Importance.LOW,
                        "The service name of the signature's scope with AWS_SIGV4: es for OpenSearch Service "
                                + "domains.",
                        GROUP,
                        11,
                        ConfigDef.Width.SHORT,
                        "Signing service");
    }
}
