package io.millrace.console.page;

import static io.millrace.console.page.Html.esc;
import static io.millrace.console.page.Html.url;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.millrace.gateway.protocol.ApiException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The data viewer: a shard's records from a starting position (TRIM_HORIZON, LATEST, AT_TIMESTAMP,
 * AT_SEQUENCE_NUMBER), as text, pretty-printed JSON or hex, with partition key, sequence number and arrival time;
 * "Next" goes on with the shard iterator GetRecords returned, as the Kinesis console's viewer does.
 */
public final class DataViewerPage {

    static final int LIMIT = 100;
    /** GetRecords calls a page makes at most, 250 ms apart. */
    static final int ATTEMPTS = 4;

    private static final Set<String> POSITIONS = Set.of("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP", "AT_SEQUENCE_NUMBER");
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DataViewerPage() {}

    public static CompletionStage<String> render(Caller caller, String stream, Map<String, String> query) {
        String shard = query.getOrDefault("shard", "shardId-000000000000");
        String position = query.getOrDefault("position", "TRIM_HORIZON");
        String format = query.getOrDefault("format", "text");
        String continued = query.get("iterator");
        if (!POSITIONS.contains(position)) {
            return CompletableFuture.failedFuture(ApiException.validation("Unknown starting position " + position));
        }
        CompletionStage<String> iterator = continued != null && !continued.isEmpty()
                ? CompletableFuture.completedFuture(continued)
                : caller.call(Caller.KINESIS, "GetShardIterator", in -> {
                            in.put("StreamName", stream).put("ShardId", shard).put("ShardIteratorType", position);
                            if (position.equals("AT_SEQUENCE_NUMBER")) {
                                in.put("StartingSequenceNumber", query.getOrDefault("sequence", ""));
                            } else if (position.equals("AT_TIMESTAMP")) {
                                in.put("Timestamp", epochSeconds(query.getOrDefault("timestamp", "")));
                            }
                        })
                        .thenApply(out -> out.path("ShardIterator").asText());
        return iterator.thenCompose(it -> records(caller, it, ATTEMPTS))
                .thenApply(out -> page(caller, stream, shard, position, format, query, out));
    }

    /**
     * GetRecords until some records come or the attempts run out: as on AWS, a call can answer none while records
     * lie ahead (the Kinesis console's viewer calls again too). Fewer calls than a shard's 5 per second.
     */
    private static CompletionStage<JsonNode> records(Caller caller, String iterator, int attempts) {
        return caller.call(
                        Caller.KINESIS,
                        "GetRecords",
                        in -> in.put("ShardIterator", iterator).put("Limit", LIMIT))
                .thenCompose(out -> {
                    String next = out.path("NextShardIterator").asText("");
                    if (!out.path("Records").isEmpty() || next.isEmpty() || attempts <= 1) {
                        return CompletableFuture.completedFuture(out);
                    }
                    return CompletableFuture.supplyAsync(
                                    () -> next, CompletableFuture.delayedExecutor(250, TimeUnit.MILLISECONDS))
                            .thenCompose(it -> records(caller, it, attempts - 1));
                });
    }

    private static String page(
            Caller caller,
            String stream,
            String shard,
            String position,
            String format,
            Map<String, String> query,
            JsonNode out) {
        StringBuilder rows = new StringBuilder();
        for (JsonNode record : out.path("Records")) {
            byte[] data = bytes(record.path("Data"));
            rows.append("<tr class=\"record\"><td class=\"pk\">")
                    .append(esc(record.path("PartitionKey").asText()))
                    .append("</td><td class=\"seq\">")
                    .append(esc(record.path("SequenceNumber").asText()))
                    .append("</td><td class=\"arrival\">")
                    .append(esc(instant(record.path("ApproximateArrivalTimestamp"))))
                    .append("</td><td><pre class=\"data\">")
                    .append(esc(show(data, format)))
                    .append("</pre></td></tr>\n");
        }
        String next = out.path("NextShardIterator").asText("");
        String base = "/console/streams/" + url(stream) + "/data?shard=" + url(shard) + "&format=" + url(format);
        String body = """
                <p><a href="/console/streams/%s">← %s</a></p>
                <form method="get" action="/console/streams/%s/data" id="viewer">
                  <label>Shard <input name="shard" value="%s"></label>
                  <label>Starting position <select name="position">%s</select></label>
                  <label>Timestamp (UTC) <input name="timestamp" type="datetime-local" step="1" value="%s"></label>
                  <label>Sequence number <input name="sequence" value="%s"></label>
                  <label>Show as <select name="format">%s</select></label>
                  <button>Get records</button>
                </form>
                <p class="behind">%d records; %s ms behind the tip of the shard.</p>
                <table id="records">
                <thead><tr><th>Partition key</th><th>Sequence number</th><th>Arrival</th><th>Data</th></tr></thead>
                <tbody>
                %s</tbody>
                </table>
                %s
                """.formatted(
                        url(stream),
                        esc(stream),
                        url(stream),
                        esc(shard),
                        options(POSITIONS_IN_ORDER, position),
                        esc(query.getOrDefault("timestamp", "")),
                        esc(query.getOrDefault("sequence", "")),
                        options(new String[] {"text", "json", "hex"}, format),
                        out.path("Records").size(),
                        out.path("MillisBehindLatest").asText("?"),
                        rows,
                        next.isEmpty()
                                ? "<p>The shard is closed and fully read.</p>"
                                : "<p><a id=\"next\" href=\"" + esc(base + "&iterator=" + url(next))
                                        + "\">Next records</a></p>");
        return Html.page("Data viewer: " + stream + " / " + shard, caller.who(), caller.csrfToken(), body);
    }

    private static final String[] POSITIONS_IN_ORDER = {"TRIM_HORIZON", "LATEST", "AT_TIMESTAMP", "AT_SEQUENCE_NUMBER"};

    private static String options(String[] values, String selected) {
        StringBuilder out = new StringBuilder();
        for (String value : values) {
            out.append("<option")
                    .append(value.equals(selected) ? " selected" : "")
                    .append('>')
                    .append(esc(value))
                    .append("</option>");
        }
        return out.toString();
    }

    /** A datetime-local value (UTC) or an ISO instant, as the epoch seconds the JSON protocol carries. */
    private static double epochSeconds(String text) {
        try {
            Instant at = text.endsWith("Z")
                    ? Instant.parse(text)
                    : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            return at.toEpochMilli() / 1000.0;
        } catch (DateTimeParseException e) {
            throw ApiException.validation("Timestamp must be a date and time, got '" + text + "'");
        }
    }

    private static byte[] bytes(JsonNode data) {
        try {
            return data.isBinary() || data.isTextual() ? data.binaryValue() : new byte[0];
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String instant(JsonNode node) {
        return node.isNumber()
                ? Instant.ofEpochMilli(node.decimalValue().movePointRight(3).longValue())
                        .toString()
                : node.asText("");
    }

    /** The record as asked: text (hex when it is not UTF-8), pretty JSON (text when it is not JSON), or hex. */
    static String show(byte[] data, String format) {
        if (format.equals("hex")) {
            return hex(data);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            return hex(data);
        }
        if (format.equals("json")) {
            try {
                return PRETTY.writeValueAsString(PRETTY.readTree(text));
            } catch (IOException e) {
                return text;
            }
        }
        return text;
    }

    private static String hex(byte[] data) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < data.length; i++) {
            if (i > 0) {
                out.append(i % 16 == 0 ? '\n' : ' ');
            }
            out.append(String.format("%02x", data[i]));
        }
        return out.toString();
    }
}
