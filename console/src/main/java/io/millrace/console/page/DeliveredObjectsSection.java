package io.millrace.console.page;

import static io.millrace.console.page.Html.esc;
import static io.millrace.console.page.Html.url;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.console.s3.DeliveredObjects;
import io.millrace.console.s3.DeliveryKeys;
import io.millrace.console.s3.StoredObject;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.route.RouteResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A delivery stream's objects in S3: the last ones delivered and the last error-output objects, each linked to a
 * download through the console, and the records of the newest error object (error code and message). The objects
 * are read with the platform's S3 settings, the ones the Firehose sink writes with; who may see a delivery stream
 * (DescribeDeliveryStream) may see and download its objects, and only its objects: keys named for the stream under
 * its prefixes ({@link DeliveryKeys}), never the rest of the bucket.
 */
public final class DeliveredObjectsSection {

    /** Objects each table shows, newest first. */
    static final int SHOWN = 10;
    /** Bytes read of the newest error object for its records: newline-delimited JSON, never compressed. */
    static final int ERROR_BYTES = 64 << 10;
    /** Error records shown from it. */
    static final int ERROR_RECORDS = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeliveredObjectsSection() {}

    /** The section's HTML, listed on {@code blocking} threads; a failure of the store is said in the section. */
    static CompletionStage<String> render(
            DeliveredObjects s3, Executor blocking, String name, String bucket, DeliveryKeys keys) {
        if (s3 == null) {
            return CompletableFuture.completedFuture("<p class=\"notice\">This gateway has no S3 settings: list the"
                    + " delivered objects with S3's tools (<code>aws s3 ls s3://" + esc(bucket) + "/"
                    + esc(keys.dataBase()) + "</code>).</p>");
        }
        return CompletableFuture.supplyAsync(() -> section(s3, name, bucket, keys), blocking)
                .exceptionally(error -> "<p class=\"error\" id=\"objects-error\">Listing s3://" + esc(bucket)
                        + " failed: " + esc(rootMessage(error)) + "</p>");
    }

    private static String section(DeliveredObjects s3, String name, String bucket, DeliveryKeys keys) {
        List<StoredObject> objects = s3.newest(bucket, keys.dataBase(), keys::isData, SHOWN);
        List<StoredObject> errors = s3.newest(bucket, keys.errorBase(), keys::isError, SHOWN);
        String records = "";
        if (!errors.isEmpty()) {
            try {
                records = errorRecords(s3.head(bucket, errors.get(0).key(), ERROR_BYTES));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return """
                <h2>Last objects delivered</h2>
                %s
                <h2>Errors <small>(error output under s3://%s/%s)</small></h2>
                %s
                %s
                """.formatted(
                        table("objects", name, objects, "No object delivered yet."),
                        esc(bucket),
                        esc(keys.errorBase()),
                        table("errors", name, errors, "No error output."),
                        records);
    }

    private static String table(String id, String name, List<StoredObject> objects, String none) {
        if (objects.isEmpty()) {
            return "<p id=\"" + id + "\">" + esc(none) + "</p>";
        }
        StringBuilder rows = new StringBuilder();
        for (StoredObject object : objects) {
            rows.append("<tr class=\"object\"><td><a href=\"/console/firehose/")
                    .append(url(name))
                    .append("/object?key=")
                    .append(esc(url(object.key())))
                    .append("\">")
                    .append(esc(object.key()))
                    .append("</a></td><td>")
                    .append(object.size())
                    .append("</td><td>")
                    .append(esc(object.lastModified()))
                    .append("</td></tr>\n");
        }
        return "<table id=\"" + id + "\">\n<thead><tr><th>Object (download)</th><th>Bytes</th><th>Written</th></tr>"
                + "</thead>\n<tbody>\n" + rows + "</tbody>\n</table>";
    }

    /** The newest error object's first records: Firehose's error output, one JSON object a line. */
    private static String errorRecords(byte[] head) {
        StringBuilder rows = new StringBuilder();
        int shown = 0;
        for (String line : new String(head, StandardCharsets.UTF_8).split("\n")) {
            if (shown == ERROR_RECORDS || line.isBlank()) {
                continue;
            }
            JsonNode record;
            try {
                record = JSON.readTree(line);
            } catch (IOException cutOffOrNotJson) {
                continue;
            }
            shown++;
            JsonNode arrival = record.path("arrivalTimestamp");
            rows.append("<tr class=\"error-record\"><td class=\"code\">")
                    .append(esc(record.path("errorCode").asText()))
                    .append("</td><td class=\"message\">")
                    .append(esc(record.path("errorMessage").asText()))
                    .append("</td><td>")
                    .append(esc(
                            arrival.isNumber()
                                    ? Instant.ofEpochMilli(arrival.asLong()).toString()
                                    : arrival.asText()))
                    .append("</td></tr>\n");
        }
        return shown == 0
                ? ""
                : "<table id=\"error-records\">\n<thead><tr><th>Error code</th><th>Error message</th>"
                        + "<th>Arrival</th></tr></thead>\n<tbody>\n" + rows + "</tbody>\n</table>";
    }

    /**
     * An object of the delivery stream, as a download: the caller must be allowed DescribeDeliveryStream on it, and
     * the key must be one of its objects.
     */
    public static CompletionStage<RouteResponse> download(
            Caller caller, DeliveredObjects s3, Executor blocking, String name, String key) {
        if (s3 == null) {
            return CompletableFuture.failedFuture(ApiException.validation("This gateway has no S3 settings."));
        }
        return caller.call(Caller.FIREHOSE, "DescribeDeliveryStream", in -> in.put("DeliveryStreamName", name))
                .thenCompose(out -> {
                    JsonNode destination = DeliveryStreamsPage.s3Destination(out.path("DeliveryStreamDescription"));
                    String bucket = DeliveryStreamPage.bucket(destination);
                    DeliveryKeys keys = DeliveryKeys.of(
                            name,
                            destination.path("Prefix").asText(""),
                            destination.path("ErrorOutputPrefix").asText(""));
                    if (key == null || !keys.isServed(key)) {
                        return CompletableFuture.failedFuture(
                                ApiException.validation("Not an object of delivery stream " + name + ": " + key));
                    }
                    return CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return s3.read(bucket, key);
                                } catch (NoSuchKeyException e) {
                                    throw new ApiException(
                                            "ResourceNotFoundException", 404, "No object " + key + " any more.");
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            },
                            blocking);
                })
                .thenApply(bytes -> {
                    if (bytes == null) {
                        throw ApiException.validation("The object is larger than the console hands out ("
                                + (DeliveredObjects.MAX_DOWNLOAD_BYTES >> 20) + " MiB): use S3's tools.");
                    }
                    String file = key.substring(key.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
                    // An attachment, never rendered: the records are the users' data, not the console's pages.
                    return new RouteResponse(
                            200,
                            "application/octet-stream",
                            Map.of("Content-Disposition", "attachment; filename=\"" + file + "\""),
                            bytes);
                });
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
