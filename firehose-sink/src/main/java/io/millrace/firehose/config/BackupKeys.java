package io.millrace.firehose.config;

import io.millrace.firehose.compression.Compression;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/** The backup of source records (S3BackupMode and S3BackupConfiguration). */
public final class BackupKeys {
    static final String GROUP = "Source record backup (S3BackupConfiguration)";

    public static final String S3_BACKUP_MODE = "s3.backup.mode";
    public static final String S3_BACKUP_BUCKET = "s3.backup.bucket";
    public static final String S3_BACKUP_PREFIX = "s3.backup.prefix";
    public static final String S3_BACKUP_ERROR_OUTPUT_PREFIX = "s3.backup.error.output.prefix";
    public static final String S3_BACKUP_BUFFERING_SIZE_MB = "s3.backup.buffering.size.mb";
    public static final String S3_BACKUP_BUFFERING_INTERVAL_SECONDS = "s3.backup.buffering.interval.seconds";
    public static final String S3_BACKUP_COMPRESSION_FORMAT = "s3.backup.compression.format";

    private BackupKeys() {}

    static void define(ConfigDef def) {
        def.define(
                        S3_BACKUP_MODE,
                        Type.STRING,
                        "Disabled",
                        ValidString.in("Disabled", "Enabled"),
                        Importance.MEDIUM,
                        "S3BackupMode: Enabled also writes every source record, as received, to the backup bucket.",
                        GROUP,
                        1,
                        ConfigDef.Width.SHORT,
                        "Backup mode")
                .define(
                        S3_BACKUP_BUCKET,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "S3BackupConfiguration bucket; required when s3.backup.mode is Enabled.",
                        GROUP,
                        2,
                        ConfigDef.Width.MEDIUM,
                        "Backup bucket")
                .define(
                        S3_BACKUP_PREFIX,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        "S3BackupConfiguration Prefix.",
                        GROUP,
                        3,
                        ConfigDef.Width.LONG,
                        "Backup prefix")
                .define(
                        S3_BACKUP_ERROR_OUTPUT_PREFIX,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        "S3BackupConfiguration ErrorOutputPrefix (required when the backup Prefix has expressions).",
                        GROUP,
                        4,
                        ConfigDef.Width.LONG,
                        "Backup error output prefix")
                .define(
                        S3_BACKUP_BUFFERING_SIZE_MB,
                        Type.INT,
                        5,
                        Range.between(1, 128),
                        Importance.LOW,
                        "S3BackupConfiguration BufferingHints.SizeInMBs.",
                        GROUP,
                        5,
                        ConfigDef.Width.SHORT,
                        "Backup buffer size (MiB)")
                .define(
                        S3_BACKUP_BUFFERING_INTERVAL_SECONDS,
                        Type.INT,
                        300,
                        Range.between(0, 900),
                        Importance.LOW,
                        "S3BackupConfiguration BufferingHints.IntervalInSeconds.",
                        GROUP,
                        6,
                        ConfigDef.Width.SHORT,
                        "Backup buffer interval (s)")
                .define(
                        S3_BACKUP_COMPRESSION_FORMAT,
                        Type.STRING,
                        Compression.UNCOMPRESSED.awsName(),
                        ValidString.in(DestinationKeys.COMPRESSIONS),
                        Importance.LOW,
                        "S3BackupConfiguration CompressionFormat.",
                        GROUP,
                        7,
                        ConfigDef.Width.SHORT,
                        "Backup compression");
    }
}
