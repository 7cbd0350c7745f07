package io.millrace.firehose.config;

import io.millrace.firehose.compression.Compression;
import io.millrace.firehose.naming.ObjectKeys;

/** One S3 output of a delivery stream (the destination or its backup): where, how buffered, how encoded. */
public record DestinationSettings(
        String bucket, ObjectKeys keys, long bufferSizeBytes, long bufferIntervalMillis, Compression compression) {}
