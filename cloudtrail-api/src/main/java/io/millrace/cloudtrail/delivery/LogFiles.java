package io.millrace.cloudtrail.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.cloudtrail.event.EventJson;
import io.millrace.cloudtrail.trail.Trail;
import io.millrace.schemas.cloudtrail.CloudTrailEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * CloudTrail's log files ("Finding your CloudTrail log files", "CloudTrail log file examples"): the key
 * {@code [prefix/]AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz}
 * and the content, gzip of {@code {"Records":[...]}}.
 *
 * <p>A file is named from its first event alone: the time is that event's, and the 16-character unique part is its
 * audit partition and offset. A delivery replayed after a crash starts again at the same event and so overwrites the
 * same key rather than adding a second file.
 */
public final class LogFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    private LogFiles() {}

    public static String key(Trail trail, int partition, long offset, long firstEventMillis) {
        Instant time = Instant.ofEpochMilli(firstEventMillis);
        String prefix = trail.s3KeyPrefix() == null ? "" : trail.s3KeyPrefix() + "/";
        return prefix + "AWSLogs/" + trail.accountId() + "/CloudTrail/" + trail.homeRegion() + "/" + DAY.format(time)
                + "/" + trail.accountId() + "_CloudTrail_" + trail.homeRegion() + "_" + MINUTE.format(time) + "_"
                + String.format(Locale.ROOT, "%04x%012x", partition, offset) + ".json.gz";
    }

    public static byte[] content(List<CloudTrailEvent> events) {
        ObjectNode file = JSON.createObjectNode();
        ArrayNode records = file.putArray("Records");
        events.forEach(event -> records.add(EventJson.of(event)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            JSON.writeValue(gzip, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
