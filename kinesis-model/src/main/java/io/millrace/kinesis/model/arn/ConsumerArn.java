package io.millrace.kinesis.model.arn;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A consumer's ARN, {@code arn:aws:kinesis:<region>:<account>:stream/<stream>/consumer/<consumer>:<creation epoch
 * seconds>}: the creation time tells apart a consumer deregistered and registered again under the same name.
 */
public record ConsumerArn(String region, String account, String stream, String consumer, long createdSeconds) {

    /** ConsumerARN's pattern in the API model. */
    public static final Pattern PATTERN = Pattern.compile(
            "^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/consumer\\/[a-zA-Z0-9_.-]+:[0-9]+");

    private static final Pattern PARTS = Pattern.compile(
            "arn:aws[^:]*:kinesis:([^:]*):(\\d{12}):stream/([a-zA-Z0-9_.-]{1,128})/consumer/([a-zA-Z0-9_.-]{1,128})"
                    + ":(\\d{1,12})");

    /** The parts of an ARN that matched {@link #PATTERN}; null when it cannot name one of our consumers. */
    public static ConsumerArn parse(String arn) {
        Matcher m = PARTS.matcher(arn);
        if (!m.matches()) {
            return null;
        }
        return new ConsumerArn(m.group(1), m.group(2), m.group(3), m.group(4), Long.parseLong(m.group(5)));
    }

    public static String format(String streamArn, String consumer, long createdMillis) {
        return streamArn + "/consumer/" + consumer + ":" + createdMillis / 1000;
    }
}
