package io.millrace.kinesis.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import io.millrace.kinesis.testkit.TestGateway;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Raw HTTP against the endpoint: whatever a client sends, malformed, truncated, oversize or unknown, it gets an
 * AWS-shaped 4xx, never a 500, a hang or a dropped connection.
 */
class MalformedRequestsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
    private static HttpClient http;
    private static URI endpoint;
    private static String stream;

    @BeforeAll
    static void setUp() throws Exception {
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        endpoint = TestGateway.shared().endpoint();
        stream = "raw-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = call(
                "Kinesis_20131202.CreateStream",
                "application/x-amz-json-1.1",
                "{\"StreamName\":\"" + stream + "\",\"ShardCount\":1}");
        assertThat(created.statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> call(String target, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertAwsError(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("__type").asText()).isEqualTo(type);
        assertThat(body.path("message").asText()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "truncated JSON|Kinesis_20131202.DescribeStream|{\"StreamName\":\"abc|SerializationException",
                "not a structure|Kinesis_20131202.DescribeStream|[1,2,3]|SerializationException",
                "a number as a name|Kinesis_20131202.DescribeStream|{\"StreamName\":12}|SerializationException",
                "a string as a count|Kinesis_20131202.CreateStream|{\"StreamName\":\"s\",\"ShardCount\":\"two\"}|SerializationException",
                "a fraction as a count|Kinesis_20131202.CreateStream|{\"StreamName\":\"s\",\"ShardCount\":1.5}|SerializationException",
                "a structure as data|Kinesis_20131202.PutRecord|{\"StreamName\":\"s\",\"PartitionKey\":\"k\",\"Data\":{}}|SerializationException",
                "data that is not base64|Kinesis_20131202.PutRecord|{\"StreamName\":\"s\",\"PartitionKey\":\"k\",\"Data\":\"%%%\"}|SerializationException",
                "records not a list|Kinesis_20131202.PutRecords|{\"StreamName\":\"s\",\"Records\":5}|SerializationException",
                "missing required members|Kinesis_20131202.PutRecord|{}|ValidationException",
                "unknown action|Kinesis_20131202.FlyToTheMoon|{}|UnknownOperationException",
                "unknown service|Unicorn_20991231.PutRecord|{}|UnknownOperationException",
                "target without action|Kinesis_20131202|{}|UnknownOperationException",
                "huge integer|Kinesis_20131202.CreateStream|{\"StreamName\":\"s\",\"ShardCount\":99999999999999999999999}|SerializationException",
            })
    void malformedJsonBodiesGetAwsErrors(String label, String target, String body, String type) throws Exception {
        assertAwsError(call(target, "application/x-amz-json-1.1", body), 400, type);
    }

    /**
     * Shard ids pass the model's pattern with up to 12 digits, beyond an int's range: a shard to act on is not
     * found, and a listing resumes after the id's place in the shard id order (no shard sorts after it).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "GetShardIterator|{\"StreamName\":\"STREAM\",\"ShardId\":\"shardId-999999999999\",\"ShardIteratorType\":\"LATEST\"}",
                "SplitShard|{\"StreamName\":\"STREAM\",\"ShardToSplit\":\"shardId-999999999999\",\"NewStartingHashKey\":\"1000\"}",
                "MergeShards|{\"StreamName\":\"STREAM\",\"ShardToMerge\":\"shardId-999999999999\",\"AdjacentShardToMerge\":\"shardId-000000000000\"}",
                "MergeShards|{\"StreamName\":\"STREAM\",\"ShardToMerge\":\"shardId-000000000000\",\"AdjacentShardToMerge\":\"shardId-004294967296\"}",
            })
    void shardIdsBeyondAnIntAreNotFound(String action, String body) throws Exception {
        assertAwsError(
                call("Kinesis_20131202." + action, "application/x-amz-json-1.1", body.replace("STREAM", stream)),
                400,
                "ResourceNotFoundException");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "DescribeStream|{\"StreamName\":\"STREAM\",\"ExclusiveStartShardId\":\"shardId-999999999999\"}|/StreamDescription/Shards",
                "ListShards|{\"StreamName\":\"STREAM\",\"ExclusiveStartShardId\":\"shardId-999999999999\"}|/Shards",
                "ListShards|{\"StreamName\":\"STREAM\",\"ShardFilter\":{\"Type\":\"AFTER_SHARD_ID\",\"ShardId\":\"shardId-999999999999\"}}|/Shards",
            })
    void listingsAfterAShardIdBeyondAnIntAreEmpty(String action, String body, String shards) throws Exception {
        HttpResponse<String> response =
                call("Kinesis_20131202." + action, "application/x-amz-json-1.1", body.replace("STREAM", stream));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).at(shards).isArray()).isTrue();
        assertThat(JSON.readTree(response.body()).at(shards)).isEmpty();
        // The same listing from before the first shard still lists it: the id's place in the order is what counts.
        HttpResponse<String> all = call(
                "Kinesis_20131202." + action,
                "application/x-amz-json-1.1",
                body.replace("STREAM", stream).replace("shardId-999999999999", "shardId-0"));
        assertThat(JSON.readTree(all.body()).at(shards)).hasSize(1);
    }

    /** Timestamps no epoch-milliseconds instant can hold are unreadable values, as a wrong type is. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "GetShardIterator|1e999",
                "GetShardIterator|-1e999",
                "GetShardIterator|1e300",
                "GetShardIterator|\"+1000000000-12-31T23:59:59Z\"",
                "GetShardIterator|\"-1000000000-01-01T00:00:00Z\"",
                "ListShards|1e999",
                "ListShards|\"+1000000000-12-31T23:59:59Z\"",
                "ShardFilter|1e999",
                "ShardFilter|\"+1000000000-12-31T23:59:59Z\"",
            })
    void outOfRangeTimestampsAreSerializationErrors(String where, String timestamp) throws Exception {
        assertAwsError(
                call(
                        "Kinesis_20131202." + timestampAction(where),
                        "application/x-amz-json-1.1",
                        timestampRequest(where, timestamp)),
                400,
                "SerializationException");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"GetShardIterator,NaN", "GetShardIterator,Infinity", "ListShards,-Infinity", "ShardFilter,NaN"})
    void nonFiniteCborTimestampsAreSerializationErrors(String where, double value) throws Exception {
        Map<String, Object> body = new java.util.HashMap<>(JSON.readValue(timestampRequest(where, "0"), Map.class));
        if (where.equals("GetShardIterator")) {
            body.put("Timestamp", value);
        } else if (where.equals("ListShards")) {
            body.put("StreamCreationTimestamp", value);
        } else {
            body.put("ShardFilter", Map.of("Type", "AT_TIMESTAMP", "Timestamp", value));
        }
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(endpoint)
                        .header("X-Amz-Target", "Kinesis_20131202." + timestampAction(where))
                        .header("Content-Type", "application/x-amz-cbor-1.1")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(CBOR.writeValueAsBytes(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(CBOR.readTree(response.body()).path("__type").asText()).isEqualTo("SerializationException");
    }

    private static String timestampAction(String where) {
        return where.equals("GetShardIterator") ? "GetShardIterator" : "ListShards";
    }

    private static String timestampRequest(String where, String timestamp) {
        return switch (where) {
            case "GetShardIterator" ->
                "{\"StreamName\":\"" + stream + "\",\"ShardId\":\"shardId-000000000000\","
                        + "\"ShardIteratorType\":\"AT_TIMESTAMP\",\"Timestamp\":" + timestamp + "}";
            case "ListShards" -> "{\"StreamName\":\"" + stream + "\",\"StreamCreationTimestamp\":" + timestamp + "}";
            default ->
                "{\"StreamName\":\"" + stream + "\",\"ShardFilter\":{\"Type\":\"AT_TIMESTAMP\"," + "\"Timestamp\":"
                        + timestamp + "}}";
        };
    }

    /** Kafka reads negative timestamps as special positions; a time before 1970 reads from the first record. */
    @Test
    void timestampsBefore1970ReadFromTheFirstRecord() throws Exception {
        String name = "pre1970-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(call(
                                "Kinesis_20131202.CreateStream",
                                "application/x-amz-json-1.1",
                                "{\"StreamName\":\"" + name + "\",\"ShardCount\":1}")
                        .statusCode())
                .isEqualTo(200);
        for (String data : new String[] {"Zmlyc3Q=", "c2Vjb25k"}) {
            assertThat(call(
                                    "Kinesis_20131202.PutRecord",
                                    "application/x-amz-json-1.1",
                                    "{\"StreamName\":\"" + name + "\",\"PartitionKey\":\"k\",\"Data\":\"" + data
                                            + "\"}")
                            .statusCode())
                    .isEqualTo(200);
        }
        // -0.001 s is Kafka's "latest" and -0.002 s its "earliest" if passed through; both must read everything.
        for (String timestamp : new String[] {"-0.001", "-0.002", "-0.003", "-86400"}) {
            HttpResponse<String> iterator = call(
                    "Kinesis_20131202.GetShardIterator",
                    "application/x-amz-json-1.1",
                    "{\"StreamName\":\"" + name + "\",\"ShardId\":\"shardId-000000000000\","
                            + "\"ShardIteratorType\":\"AT_TIMESTAMP\",\"Timestamp\":" + timestamp + "}");
            assertThat(iterator.statusCode()).as(iterator.body()).isEqualTo(200);
            HttpResponse<String> records = call(
                    "Kinesis_20131202.GetRecords",
                    "application/x-amz-json-1.1",
                    "{\"ShardIterator\":\""
                            + JSON.readTree(iterator.body())
                                    .path("ShardIterator")
                                    .asText() + "\"}");
            assertThat(JSON.readTree(records.body()).path("Records"))
                    .as(timestamp)
                    .hasSize(2);
        }
    }

    /** AWS's tag character set, for every way tags come in; a type error is reported before anything else. */
    @Test
    void tagsOutsideAwsCharacterSetAreInvalidArguments() throws Exception {
        String json = "application/x-amz-json-1.1";
        for (String bad : new String[] {"a;b", "a\\tb", "a\\nb", "a,b"}) {
            HttpResponse<String> asKey = call(
                    "Kinesis_20131202.AddTagsToStream",
                    json,
                    "{\"StreamName\":\"" + stream + "\",\"Tags\":{\"" + bad + "\":\"v\"}}");
            assertAwsError(asKey, 400, "InvalidArgumentException");
            assertThat(JSON.readTree(asKey.body()).path("message").asText())
                    .isEqualTo("Some tags contain invalid "
                            + "characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.");
            assertAwsError(
                    call(
                            "Kinesis_20131202.AddTagsToStream",
                            json,
                            "{\"StreamName\":\"" + stream + "\",\"Tags\":{\"k\":\"" + bad + "\"}}"),
                    400,
                    "InvalidArgumentException");
            assertAwsError(
                    call(
                            "Kinesis_20131202.RemoveTagsFromStream",
                            json,
                            "{\"StreamName\":\"" + stream + "\",\"TagKeys\":[\"" + bad + "\"]}"),
                    400,
                    "InvalidArgumentException");
            assertAwsError(
                    call(
                            "Kinesis_20131202.CreateStream",
                            json,
                            "{\"StreamName\":\"tagged-"
                                    + UUID.randomUUID().toString().substring(0, 8) + "\",\"ShardCount\":1,\"Tags\":{\""
                                    + bad
                                    + "\":\"v\"}}"),
                    400,
                    "InvalidArgumentException");
        }
        assertThat(call(
                                "Kinesis_20131202.AddTagsToStream",
                                json,
                                "{\"StreamName\":\"" + stream
                                        + "\",\"Tags\":{\"équipe data\":\"a_b.c/d=e+f-g%h@i:j 名前 42\"}}")
                        .statusCode())
                .isEqualTo(200);
        // A stream that does not exist is reported before the characters.
        assertAwsError(
                call(
                        "Kinesis_20131202.RemoveTagsFromStream",
                        json,
                        "{\"StreamName\":\"no-such-stream\",\"TagKeys\":[\";\"]}"),
                400,
                "ResourceNotFoundException");
        // A member of the wrong type, before the missing stream name.
        assertAwsError(call("Kinesis_20131202.AddTagsToStream", json, "{\"Tags\":23}"), 400, "SerializationException");
        assertAwsError(
                call("Kinesis_20131202.RemoveTagsFromStream", json, "{\"TagKeys\":[1]}"),
                400,
                "SerializationException");
    }

    /**
     * Answers as AWS's: an output without members is an empty body; every answer has a request id and an extended
     * id; a browser's CORS preflight is answered, and so is the request after it; a short shard id is named in its
     * canonical form.
     */
    @Test
    void answersCarryAwsHeadersEmptyOutputsAndCors() throws Exception {
        String json = "application/x-amz-json-1.1";
        HttpResponse<String> tagged = call(
                "Kinesis_20131202.AddTagsToStream", json, "{\"StreamName\":\"" + stream + "\",\"Tags\":{\"k\":\"v\"}}");
        assertThat(tagged.statusCode()).isEqualTo(200);
        assertThat(tagged.body()).isEmpty();
        assertThat(tagged.headers().firstValue("x-amzn-RequestId"))
                .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f-]{36}"));
        assertThat(tagged.headers().firstValue("x-amz-id-2"))
                .hasValueSatisfying(id -> assertThat(id).matches("[A-Za-z0-9+/=]{64}"));
        HttpResponse<String> error = call("Kinesis_20131202.DescribeStream", json, "{\"StreamName\":\"no-such\"}");
        assertThat(error.headers().firstValue("x-amz-id-2")).isPresent();

        HttpResponse<String> preflight = http.send(
                HttpRequest.newBuilder(endpoint)
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "http://localhost:3000")
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "content-type,x-amz-target,authorization,x-amz-date")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .contains("*");
        assertThat(preflight
                        .headers()
                        .firstValue("Access-Control-Allow-Methods")
                        .orElse(""))
                .contains("POST");
        assertThat(preflight
                        .headers()
                        .firstValue("Access-Control-Allow-Headers")
                        .orElse(""))
                .contains("x-amz-target");
        HttpResponse<String> fromPage = http.send(
                HttpRequest.newBuilder(endpoint)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"StreamName\":\"" + stream + "\"}"))
                        .header("Origin", "http://localhost:3000")
                        .header("Content-Type", json)
                        .header("X-Amz-Target", "Kinesis_20131202.DescribeStreamSummary")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fromPage.statusCode()).isEqualTo(200);
        assertThat(fromPage.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(fromPage.headers()
                        .firstValue("Access-Control-Expose-Headers")
                        .orElse(""))
                .contains("x-amzn-RequestId");

        HttpResponse<String> shortId = call(
                "Kinesis_20131202.GetShardIterator",
                json,
                "{\"StreamName\":\"" + stream + "\",\"ShardId\":\"shardId-7\",\"ShardIteratorType\":\"TRIM_HORIZON\"}");
        assertAwsError(shortId, 400, "ResourceNotFoundException");
        assertThat(JSON.readTree(shortId.body()).path("message").asText())
                .contains("shardId-000000000007")
                .doesNotContain("shardId-7 ");
    }

    @Test
    void deeplyNestedJsonIsRefused() throws Exception {
        String body = "{\"StreamName\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertAwsError(
                call("Kinesis_20131202.DescribeStream", "application/x-amz-json-1.1", body),
                400,
                "SerializationException");
    }

    @Test
    void missingTargetAndWrongMethodAreClientErrors() throws Exception {
        assertAwsError(call(null, "application/x-amz-json-1.1", "{}"), 400, "UnknownOperationException");
        HttpResponse<String> get =
                http.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertAwsError(get, 400, "UnknownOperationException");
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(endpoint.resolve("/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void emptyBodyIsAnEmptyStructure() throws Exception {
        assertAwsError(
                call("Kinesis_20131202.PutRecords", "application/x-amz-json-1.1", ""), 400, "ValidationException");
        assertThat(call("Kinesis_20131202.ListStreams", "application/x-amz-json-1.1", "")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void garbageCborIsASerializationError() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .header("X-Amz-Target", "Kinesis_20131202.PutRecord")
                .header("Content-Type", "application/x-amz-cbor-1.1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xbf, 0x61, 0x41, (byte) 0xff, 0x1c}))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-cbor-1.1");
        JsonNode body = CBOR.readTree(response.body());
        assertThat(body.path("__type").asText()).isEqualTo("SerializationException");
    }

    @Test
    void cborRoundTripUsesByteStringsAndMillisecondTimestamps() throws Exception {
        byte[] put = CBOR.writeValueAsBytes(
                Map.of("StreamName", stream, "PartitionKey", "k", "Data", "hello".getBytes(StandardCharsets.UTF_8)));
        HttpResponse<byte[]> putResponse = http.send(
                HttpRequest.newBuilder(endpoint)
                        .header("X-Amz-Target", "Kinesis_20131202.PutRecord")
                        .header("Content-Type", "application/x-amz-cbor-1.1")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(put))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(putResponse.statusCode()).isEqualTo(200);

        byte[] iterator = CBOR.writeValueAsBytes(
                Map.of("StreamName", stream, "ShardId", "shardId-000000000000", "ShardIteratorType", "TRIM_HORIZON"));
        JsonNode it = CBOR.readTree(http.send(
                        HttpRequest.newBuilder(endpoint)
                                .header("X-Amz-Target", "Kinesis_20131202.GetShardIterator")
                                .header("Content-Type", "application/x-amz-cbor-1.1")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(iterator))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .body());
        byte[] get = CBOR.writeValueAsBytes(
                Map.of("ShardIterator", it.path("ShardIterator").asText()));
        byte[] raw = http.send(
                        HttpRequest.newBuilder(endpoint)
                                .header("X-Amz-Target", "Kinesis_20131202.GetRecords")
                                .header("Content-Type", "application/x-amz-cbor-1.1")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(get))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .body();
        JsonNode records = CBOR.readTree(raw).path("Records");
        assertThat(records).hasSize(1);
        assertThat(records.get(0).path("Data").isBinary()).isTrue();
        assertThat(records.get(0).path("Data").binaryValue()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        // The SDK for Java v2 reads CBOR timestamps as tag 1 with epoch milliseconds.
        long millis = records.get(0).path("ApproximateArrivalTimestamp").longValue();
        assertThat(millis).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 1_000);
        try (CBORParser parser = (CBORParser) CBOR.getFactory().createParser(raw)) {
            boolean sawTag = false;
            while (parser.nextToken() != null) {
                if ("ApproximateArrivalTimestamp".equals(parser.currentName())
                        && parser.currentToken().isNumeric()) {
                    sawTag = parser.getCurrentTag() == 1;
                }
            }
            assertThat(sawTag).isTrue();
        }
    }

    @Test
    void jsonTimestampsAreFractionalSeconds() throws Exception {
        HttpResponse<String> response = call(
                "Kinesis_20131202.DescribeStreamSummary",
                "application/x-amz-json-1.1",
                "{\"StreamName\":\"" + stream + "\"}");
        JsonNode created =
                JSON.readTree(response.body()).path("StreamDescriptionSummary").path("StreamCreationTimestamp");
        assertThat(created.isNumber()).isTrue();
        assertThat(created.doubleValue())
                .isBetween(System.currentTimeMillis() / 1000.0 - 600, System.currentTimeMillis() / 1000.0 + 1);
    }

    @Test
    void oversizeBodyGets413WithoutReadingIt() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", endpoint.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: Kinesis_20131202.PutRecord\r\n"
                            + "Content-Type: application/x-amz-json-1.1\r\nContent-Length: 104857600\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(readSome(socket.getInputStream()), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response).contains("\"__type\":\"ValidationException\"").contains("exceeds the maximum");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInRequestOrder() throws Exception {
        String slow =
                "{\"StreamName\":\"piped-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"ShardCount\":1}";
        String fast = "{}";
        String requests = request("Kinesis_20131202.CreateStream", slow)
                + request("Kinesis_20131202.ListStreams", fast)
                + request("Kinesis_20131202.NoSuchAction", fast);
        try (Socket socket = new Socket("127.0.0.1", endpoint.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            // CreateStream takes the longest (it waits for the topic), yet its answer (no output: an empty body)
            // must come first.
            assertThat(readResponse(in))
                    .startsWith("HTTP/1.1 200")
                    .contains("content-length: 0\r\n")
                    .endsWith("\r\n\r\n");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200").contains("\"StreamNames\"");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 400").contains("UnknownOperationException");
        }
    }

    private static String request(String target, String body) {
        return "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: " + target
                + "\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    /** One HTTP response: headers up to the blank line, then Content-Length bytes of body. */
    private static String readResponse(InputStream in) throws Exception {
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("connection closed in headers");
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int at = headers.toLowerCase().indexOf("content-length: ");
        int length = Integer.parseInt(
                headers.substring(at + 16, headers.indexOf("\r\n", at)).trim());
        byte[] body = in.readNBytes(length);
        return headers + new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void garbageRequestLineGets400() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", endpoint.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("\u0001\u0002 BLAH\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String response = new String(readSome(socket.getInputStream()), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400");
            assertThat(response).contains("__type");
        }
    }

    private static byte[] readSome(InputStream in) throws Exception {
        byte[] buffer = new byte[8192];
        int total = 0;
        int n;
        while (total < buffer.length && (n = in.read(buffer, total, buffer.length - total)) > 0) {
            total += n;
            String sofar = new String(buffer, 0, total, StandardCharsets.UTF_8);
            int headerEnd = sofar.indexOf("\r\n\r\n");
            if (headerEnd > 0) {
                int lengthAt = sofar.toLowerCase().indexOf("content-length: ");
                if (lengthAt > 0) {
                    int lineEnd = sofar.indexOf("\r\n", lengthAt);
                    int length = Integer.parseInt(
                            sofar.substring(lengthAt + 16, lineEnd).trim());
                    if (total >= headerEnd + 4 + length) {
                        break;
                    }
                }
            }
        }
        return java.util.Arrays.copyOf(buffer, total);
    }
}
