package io.millrace.console.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.console.page.Caller;
import io.millrace.gateway.protocol.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL page's queries: an ad-hoc query over a stream runs as a short-lived SQL application (the platform's
 * kinesisanalyticsv2 API, its Flink cluster) whose one statement, {@code CREATE TABLE ... AS} the query, writes each
 * row as a JSON record into a temporary one-shard stream that the page tails with GetRecords. Stopping the query (or
 * leaving the page, or the time limit) deletes the application, which cancels its job, and the stream. Every call
 * is made as the user, so the user's policies decide: reading the stream queried, creating and deleting streams and
 * applications, and (signed mode) the execution role the job's reads are authorized with.
 */
public final class AdHocQueries {

    private static final Logger LOG = LoggerFactory.getLogger(AdHocQueries.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The column rows are routed by: one constant key, so that the one shard keeps their order. Not shown. */
    public static final String ROUTING_COLUMN = "console_row";
    /** Records a poll takes at most (GetRecords allows 10,000); the page polls every second. */
    static final int LIMIT = 500;
    /** How long a new stream may take to become ACTIVE before the query is given up. */
    private static final Duration ACTIVE_WITHIN = Duration.ofSeconds(60);

    private final Clock clock;
    private final Duration timeLimit;

    public AdHocQueries(Clock clock, Duration timeLimit) {
        this.clock = clock;
        this.timeLimit = timeLimit;
    }

    /** When a query started now is deleted at the latest. */
    public Duration timeLimit() {
        return timeLimit;
    }

    /**
     * Starts {@code query} (a Flink SQL query over the {@code millrace} catalog, whose tables are the streams) after
     * checking that the caller may read {@code stream}; completes with the query's name once its application is
     * starting. What was created before a failure is deleted again.
     */
    public CompletionStage<QueryName> start(Caller caller, String stream, String query, String role) {
        String sql = query == null ? "" : query.strip();
        while (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        if (sql.isEmpty()) {
            return CompletableFuture.failedFuture(ApiException.validation("Type a query to run."));
        }
        QueryName name = QueryName.next(clock.instant());
        String script = script(stream, sql, name, caller.who());
        return mayRead(caller, stream)
                .thenCompose(ok -> caller.call(
                        Caller.KINESIS,
                        "CreateStream",
                        in -> in.put("StreamName", name.resource()).put("ShardCount", 1)))
                .thenCompose(created -> {
                    CompletionStage<QueryName> started = awaitActive(
                                    caller, name.resource(), clock.instant().plus(ACTIVE_WITHIN))
                            .thenCompose(active -> caller.call(
                                    Caller.ANALYTICS, "CreateApplication", in -> application(in, name, script, role)))
                            .thenCompose(app -> caller.call(
                                    Caller.ANALYTICS,
                                    "StartApplication",
                                    in -> in.put("ApplicationName", name.resource())
                                            .putObject("RunConfiguration")
                                            .putObject("ApplicationRestoreConfiguration")
                                            .put("ApplicationRestoreType", "SKIP_RESTORE_FROM_SNAPSHOT")))
                            .thenApply(out -> name);
                    return started.handle((ok, error) -> error == null
                                    ? CompletableFuture.completedFuture(ok)
                                    : delete(caller, name).<QueryName>handle((deleted, ignored) -> {
                                        throw new CompletionException(unwrap(error));
                                    }))
                            .thenCompose(Function.<CompletionStage<QueryName>>identity());
                })
                .thenApply(started -> {
                    LOG.info("Console: {} started query {} over stream {}", caller.who(), started.resource(), stream);
                    return started;
                });
    }

    /** What the caller could not do with the Kinesis console either: list the stream's shards and read one. */
    private static CompletionStage<JsonNode> mayRead(Caller caller, String stream) {
        return caller.call(Caller.KINESIS, "ListShards", in -> in.put("StreamName", stream))
                .thenCompose(shards -> caller.call(
                        Caller.KINESIS,
                        "GetShardIterator",
                        in -> in.put("StreamName", stream)
                                .put(
                                        "ShardId",
                                        shards.path("Shards")
                                                .path(0)
                                                .path("ShardId")
                                                .asText("shardId-000000000000"))
                                .put("ShardIteratorType", "LATEST")));
    }

    private static CompletionStage<JsonNode> awaitActive(Caller caller, String stream, Instant deadline) {
        return caller.call(Caller.KINESIS, "DescribeStreamSummary", in -> in.put("StreamName", stream))
                .thenCompose(out -> {
                    String status = out.path("StreamDescriptionSummary")
                            .path("StreamStatus")
                            .asText();
                    if (status.equals("ACTIVE")) {
                        return CompletableFuture.completedFuture(out);
                    }
                    if (Instant.now().isAfter(deadline)) {
                        return CompletableFuture.failedFuture(ApiException.serviceUnavailable(
                                "The query's stream " + stream + " did not become ACTIVE in time."));
                    }
                    return CompletableFuture.supplyAsync(
                                    () -> stream, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS))
                            .thenCompose(again -> awaitActive(caller, stream, deadline));
                });
    }

    /**
     * The application's script: the query's rows, each a JSON object, into the temporary stream. The catalog is the
     * current one, so a stream is named as a table ({@code FROM `orders`}); the sink table is the default catalog's,
     * which holds tables of the session (the {@code millrace} catalog creates none).
     */
    static String script(String stream, String query, QueryName name, String who) {
        return "-- The console's query over stream " + stream + " for " + who + ", started " + name.started() + ":\n"
                + "-- each row a JSON record in the stream " + name.resource() + ", deleted with this application.\n"
                + "USE CATALOG millrace;\n"
                + "CREATE TABLE default_catalog.default_database.console_rows WITH (\n"
                + "  'connector' = 'millrace', 'stream' = '" + name.resource() + "', 'format' = 'json',\n"
                + "  'sink.partition-key.field' = '" + ROUTING_COLUMN + "')\n"
                + "AS SELECT console_query.*, 'row' AS " + ROUTING_COLUMN + " FROM (\n"
                + query + "\n) AS console_query;\n";
    }

    private static void application(ObjectNode in, QueryName name, String script, String role) {
        in.put("ApplicationName", name.resource())
                .put("RuntimeEnvironment", "SQL-1_0")
                .put("ServiceExecutionRole", role);
        ObjectNode configuration = in.putObject("ApplicationConfiguration");
        configuration
                .putObject("ApplicationCodeConfiguration")
                .put("CodeContentType", "PLAINTEXT")
                .putObject("CodeContent")
                .put("TextContent", script);
        configuration.putObject("ApplicationSnapshotConfiguration").put("SnapshotsEnabled", false);
        // Nothing to resume: a query that stops is gone, so its job keeps no checkpoints.
        configuration
                .putObject("FlinkApplicationConfiguration")
                .putObject("CheckpointConfiguration")
                .put("ConfigurationType", "CUSTOM")
                .put("CheckpointingEnabled", false);
    }

    /**
     * The next rows of a query (from its first when {@code iterator} is empty), with the application's status and the
     * iterator to go on with: {@code {"status", "rows": [...], "next", "behindMillis"}}.
     */
    public CompletionStage<ObjectNode> rows(Caller caller, QueryName name, String iterator) {
        CompletionStage<String> from = iterator != null && !iterator.isEmpty()
                ? CompletableFuture.completedFuture(iterator)
                : caller.call(
                                Caller.KINESIS,
                                "GetShardIterator",
                                in -> in.put("StreamName", name.resource())
                                        .put("ShardId", "shardId-000000000000")
                                        .put("ShardIteratorType", "TRIM_HORIZON"))
                        .thenApply(out -> out.path("ShardIterator").asText());
        CompletionStage<JsonNode> status =
                caller.call(Caller.ANALYTICS, "DescribeApplication", in -> in.put("ApplicationName", name.resource()));
        return from.thenCompose(it -> caller.call(
                        Caller.KINESIS,
                        "GetRecords",
                        in -> in.put("ShardIterator", it).put("Limit", LIMIT)))
                .thenCombine(status, (records, application) -> {
                    ObjectNode out = JSON.createObjectNode();
                    out.put(
                            "status",
                            application
                                    .path("ApplicationDetail")
                                    .path("ApplicationStatus")
                                    .asText());
                    ArrayNode rows = out.putArray("rows");
                    for (JsonNode record : records.path("Records")) {
                        rows.add(row(record.path("Data")));
                    }
                    out.put("next", records.path("NextShardIterator").asText(""));
                    out.put("behindMillis", records.path("MillisBehindLatest").asLong());
                    return out;
                });
    }

    /** A record as the row it holds, without the routing column; a record that is no JSON object as its text. */
    private static JsonNode row(JsonNode data) {
        byte[] bytes;
        try {
            bytes = data.isBinary() || data.isTextual() ? data.binaryValue() : new byte[0];
        } catch (IOException e) {
            bytes = new byte[0];
        }
        try {
            JsonNode row = JSON.readTree(bytes);
            if (row instanceof ObjectNode object) {
                object.remove(ROUTING_COLUMN);
                return object;
            }
        } catch (IOException notJson) {
            // shown as text below
        }
        ObjectNode text = JSON.createObjectNode();
        text.put("value", new String(bytes, StandardCharsets.UTF_8));
        return text;
    }

    /**
     * Deletes the query's application (which cancels its job) and then its stream, as {@code caller}; what is gone
     * already is fine. Fails with the first other refusal, after trying both.
     */
    public CompletionStage<Void> delete(Caller caller, QueryName name) {
        CompletionStage<Throwable> application = caller.call(
                        Caller.ANALYTICS, "DescribeApplication", in -> in.put("ApplicationName", name.resource()))
                .thenCompose(described -> caller.call(
                        Caller.ANALYTICS,
                        "DeleteApplication",
                        in -> in.put("ApplicationName", name.resource())
                                .set(
                                        "CreateTimestamp",
                                        described.path("ApplicationDetail").path("CreateTimestamp"))))
                .handle((ok, error) -> unlessGone(error));
        return application
                .thenCompose(first -> caller.call(
                                Caller.KINESIS,
                                "DeleteStream",
                                in -> in.put("StreamName", name.resource()).put("EnforceConsumerDeletion", true))
                        .handle((ok, error) -> first != null ? first : unlessGone(error)))
                .thenApply(error -> {
                    if (error != null) {
                        throw new CompletionException(error);
                    }
                    LOG.info("Console: {} deleted query {}", caller.who(), name.resource());
                    return null;
                });
    }

    /** The error, unless it says the resource is gone or going already. */
    private static Throwable unlessGone(Throwable error) {
        if (error == null) {
            return null;
        }
        Throwable cause = unwrap(error);
        if (cause instanceof ApiException api
                && (api.type().equals("ResourceNotFoundException")
                        || (api.type().equals("ResourceInUseException")
                                && String.valueOf(api.getMessage()).contains("DELETING")))) {
            return null;
        }
        return cause;
    }

    static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
