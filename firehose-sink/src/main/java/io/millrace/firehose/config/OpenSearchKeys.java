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
                        "S3 backup mode");
    }
}
