package io.millrace.agent.config;

import io.millrace.agent.processing.ConverterChain;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One entry of "flows": which files, where to, and how their lines become records.
 *
 * @param directory the directory part of filePattern (the agent allows no glob in it)
 * @param fileGlob the file name part of filePattern, a glob
 * @param multiLineStart a record starts at each line matching it; null: every line is a record
 * @param maxRecordSizeBytes a longer record is cut to this size, its last bytes the truncated-record terminator
 */
public record FlowConfig(
        Path directory,
        String fileGlob,
        Destination destination,
        PartitionKeyOption partitionKeyOption,
        ConverterChain converters,
        Pattern multiLineStart,
        int skipHeaderLines,
        byte[] truncatedRecordTerminator,
        long maxBufferAgeMillis,
        int maxBufferSizeRecords,
        int maxBufferSizeBytes,
        InitialPosition initialPosition,
        int maxRecordSizeBytes,
        long retryInitialBackoffMillis,
        long retryMaxBackoffMillis) {

    public enum PartitionKeyOption {
        RANDOM,
        DETERMINISTIC
    }

    public enum InitialPosition {
        START_OF_FILE,
        END_OF_FILE
    }

    /** The flow's name in logs and its key in the checkpoint file. */
    public String id() {
        return destination + ":" + directory.resolve(fileGlob);
    }
}
