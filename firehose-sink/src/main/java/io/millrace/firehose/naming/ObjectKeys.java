package io.millrace.firehose.naming;

import io.millrace.firehose.partitioning.PartitionKeys;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Object keys as Firehose names them: {@code <evaluated prefix><stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid><ext>}.
 * A prefix without expressions gets the default {@code yyyy/MM/dd/HH/} time prefix appended; error output without
 * an ErrorOutputPrefix goes under {@code <Prefix><error-output-type>/yyyy/MM/dd/HH/}. Every time is the arrival
 * time of the oldest record in the object, in the stream's CustomTimeZone (UTC by default).
 */
public final class ObjectKeys {
    private static final DateTimeFormatter DEFAULT_TIME_PREFIX = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH/");
    private static final DateTimeFormatter SUFFIX_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss");

    private final String streamName;
    private final int streamVersion;
    private final PrefixTemplate prefix;
    private final PrefixTemplate errorPrefix;
    private final ZoneId zone;
    private final String extension;

    public ObjectKeys(
            String streamName,
            int streamVersion,
            String prefix,
            String errorOutputPrefix,
            ZoneId zone,
            String extension) {
        this(streamName, streamVersion, prefix, errorOutputPrefix, zone, extension, false);
    }

    /** @param dynamicPartitioning the Prefix may (and must) use partition keys */
    public ObjectKeys(
            String streamName,
            int streamVersion,
            String prefix,
            String errorOutputPrefix,
            ZoneId zone,
            String extension,
            boolean dynamicPartitioning) {
        PrefixRules.validate(prefix, errorOutputPrefix, dynamicPartitioning);
        this.streamName = streamName;
        this.streamVersion = streamVersion;
        this.prefix = PrefixTemplate.parse(prefix);
        this.errorPrefix = PrefixTemplate.parse(errorOutputPrefix);
        this.zone = zone;
        this.extension = extension;
    }

    /** Key of a delivered (or backed-up) object whose oldest record arrived at {@code arrival}. */
    public String dataKey(long arrivalMillis, String seed) {
        return dataKey(arrivalMillis, seed, PartitionKeys.NONE);
    }

    /** Key of a delivered object whose records all have the partition keys {@code keys}. */
    public String dataKey(long arrivalMillis, String seed, PartitionKeys keys) {
        ZonedDateTime time = Instant.ofEpochMilli(arrivalMillis).atZone(zone);
        String evaluated = prefix.hasExpressions()
                ? prefix.evaluate(time, DeterministicIds.randomString(seed), null, keys)
                : prefix.raw() + DEFAULT_TIME_PREFIX.format(time);
        return evaluated + suffix(time, seed, extension);
    }

    /** Key of an error-output object; error output is newline-delimited JSON, never compressed. */
    public String errorKey(long arrivalMillis, String seed, String errorOutputType) {
        ZonedDateTime time = Instant.ofEpochMilli(arrivalMillis).atZone(zone);
        String evaluated;
        if (errorPrefix.hasExpressions()) {
            evaluated = errorPrefix.evaluate(time, DeterministicIds.randomString(seed), errorOutputType);
        } else {
            String base = errorPrefix.isEmpty() ? prefix.raw() : errorPrefix.raw();
            evaluated = base + errorOutputType + "/" + DEFAULT_TIME_PREFIX.format(time);
        }
        return evaluated + suffix(time, seed, "");
    }

    /** The Prefix, parsed: which partition keys it uses. */
    public PrefixTemplate prefix() {
        return prefix;
    }

    private String suffix(ZonedDateTime time, String seed, String ext) {
        return streamName + "-" + streamVersion + "-" + SUFFIX_TIME.format(time) + "-" + DeterministicIds.uuid(seed)
                + ext;
    }
}
