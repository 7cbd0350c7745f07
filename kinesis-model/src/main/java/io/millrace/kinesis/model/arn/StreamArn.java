package io.millrace.kinesis.model.arn;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A stream's ARN, {@code arn:aws:kinesis:<region>:<account>:stream/<stream>}. */
public record StreamArn(String region, String account, String stream) {

    /** StreamARN's pattern in the Kinesis API model (length 1 to 2048). */
    public static final Pattern PATTERN = Pattern.compile("arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+");

    /**
     * KinesisStreamARN's pattern in the Firehose API model (length 1 to 512), which Firehose checks instead of
     * Kinesis's: any partition, a region of letters, digits and dashes, and the stream name as group 1.
     */
    public static final Pattern FIREHOSE_SOURCE_PATTERN =
            Pattern.compile("arn:.*:kinesis:[a-zA-Z0-9\\-]+:\\d{12}:stream/([a-zA-Z0-9_.-]+)");

    private static final Pattern PARTS =
            Pattern.compile("arn:aws[^:]*:kinesis:([^:]*):(\\d{12}):stream/([a-zA-Z0-9_.-]{1,128})");

    /** The parts of a stream ARN; null when it cannot name a stream (its name is not a valid StreamName). */
    public static StreamArn parse(String arn) {
        Matcher m = PARTS.matcher(arn);
        if (!m.matches()) {
            return null;
        }
        return new StreamArn(m.group(1), m.group(2), m.group(3));
    }

    public static String format(String region, String account, String stream) {
        return "arn:aws:kinesis:" + region + ":" + account + ":stream/" + stream;
    }

    @Override
    public String toString() {
        return format(region, account, stream);
    }
}
