package io.millrace.firehose.translation;

import static io.millrace.firehose.translation.TranslationFields.missing;
import static io.millrace.firehose.translation.TranslationFields.optionalInt;
import static io.millrace.firehose.translation.TranslationFields.optionalString;
import static io.millrace.firehose.translation.TranslationFields.present;
import static io.millrace.firehose.translation.TranslationFields.validationPrefix;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.firehose.compression.Compression;
import io.millrace.firehose.config.BackupKeys;
import io.millrace.firehose.config.DestinationKeys;
import io.millrace.gateway.protocol.ApiException;
import java.util.Map;

/**
 * What the destinations that are not S3 (HTTP endpoint, OpenSearch) share: BufferingHints within their limits,
 * RetryOptions (0-7200 s, 300 by default), an S3BackupMode of two values (failed records only, the default, or all)
 * and the required S3Configuration, which holds failed records under its error prefix and, in the second mode, every
 * source record under its prefix.
 */
final class FailedRecordOutput {
    private FailedRecordOutput() {}

    /** BufferingHints of at most {@code maxSizeMb} MiB (AWS's defaults: 5 MiB, 300 s); records are not compressed. */
    static void bufferingHints(JsonNode dest, String path, int maxSizeMb, Map<String, String> out) {
        JsonNode hints = dest.get("BufferingHints");
        int size = 5;
        int interval = 300;
        if (present(hints)) {
            size = optionalInt(hints, "SizeInMBs", path + ".bufferingHints.sizeInMBs", 1, maxSizeMb, size);
            interval = optionalInt(
                    hints, "IntervalInSeconds", path + ".bufferingHints.intervalInSeconds", 0, 900, interval);
        }
        out.put(DestinationKeys.BUFFERING_SIZE_MB, Integer.toString(size));
        out.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, Integer.toString(interval));
        out.put(DestinationKeys.COMPRESSION_FORMAT, Compression.UNCOMPRESSED.awsName());
    }

    /** RetryOptions.DurationInSeconds, 0 to 7200, 300 when absent. */
    static int retryDuration(JsonNode dest, String path) {
        JsonNode retry = dest.get("RetryOptions");
        return present(retry)
                ? optionalInt(retry, "DurationInSeconds", path + ".retryOptions.durationInSeconds", 0, 7200, 300)
                : 300;
    }

    /**
     * Checks S3BackupMode (one of {@code failedOnly} and {@code all}, {@code failedOnly} when absent) and translates
     * the S3Configuration; returns the mode.
     */
    static String s3Configuration(JsonNode dest, String path, String failedOnly, String all, Map<String, String> out) {
        String backupMode = optionalString(dest, "S3BackupMode", path + ".s3BackupMode");
        if (backupMode != null && !backupMode.equals(failedOnly) && !backupMode.equals(all)) {
            throw ApiException.validation(validationPrefix(backupMode, path + ".s3BackupMode")
                    + "Member must satisfy enum value set: [" + failedOnly + ", " + all + "]");
        }
        backupMode = backupMode == null ? failedOnly : backupMode;
        JsonNode s3 = dest.get("S3Configuration");
        if (!present(s3)) {
            throw missing(path + ".s3Configuration");
        }
        DeliveryStreamTranslator.destination(
                s3,
                path + ".s3Configuration",
                out,
                DestinationKeys.S3_BUCKET,
                DestinationKeys.S3_PREFIX,
                DestinationKeys.S3_ERROR_OUTPUT_PREFIX,
                BackupKeys.S3_BACKUP_BUFFERING_SIZE_MB,
                BackupKeys.S3_BACKUP_BUFFERING_INTERVAL_SECONDS,
                BackupKeys.S3_BACKUP_COMPRESSION_FORMAT);
        if (backupMode.equals(all)) {
            out.put(BackupKeys.S3_BACKUP_MODE, "Enabled");
            out.put(BackupKeys.S3_BACKUP_BUCKET, out.get(DestinationKeys.S3_BUCKET));
            out.put(BackupKeys.S3_BACKUP_PREFIX, out.get(DestinationKeys.S3_PREFIX));
            out.put(BackupKeys.S3_BACKUP_ERROR_OUTPUT_PREFIX, out.get(DestinationKeys.S3_ERROR_OUTPUT_PREFIX));
        }
        return backupMode;
    }
}
