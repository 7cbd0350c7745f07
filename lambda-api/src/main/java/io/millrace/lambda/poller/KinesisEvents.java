package io.millrace.lambda.poller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.kinesis.model.SequenceNumber;
import io.millrace.kinesis.model.ShardId;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The event a Kinesis event source mapping invokes its function with, as the Lambda developer guide shows it
 * ("Example Kinesis record event"): {@code Records[]}, each with {@code kinesis} (schema version 1.0, partition key,
 * sequence number, base64 data, arrival time in epoch seconds), {@code eventSource aws:kinesis},
 * {@code eventID <shardId>:<sequenceNumber>}, {@code eventName aws:kinesis:record}, the function's role as
 * {@code invokeIdentityArn}, the region and the stream's ARN.
 */
final class KinesisEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A stream record as the event shows it. */
    record Source(String streamArn, String region, String role, int shardIndex, long shardCreatedSeconds) {}

    private KinesisEvents() {}

    static String sequenceNumber(Source source, ConsumerRecord<byte[], byte[]> record) {
        return SequenceNumber.format(
                source.shardCreatedSeconds(), source.shardIndex(), record.offset(), record.timestamp() / 1000);
    }

    /**
     * A record as FilterCriteria patterns see it: the {@code kinesis} fields of the event (partitionKey,
     * sequenceNumber, kinesisSchemaVersion, approximateArrivalTimestamp) with {@code data} decoded and parsed when it
     * is JSON; data that is not JSON is absent, so a pattern on data properties does not match it (AWS: "As long as
     * the data the producer puts into the stream is valid JSON, you can use event filtering ... using the data key").
     */
    static JsonNode filterDocument(Source source, ConsumerRecord<byte[], byte[]> record, boolean withData) {
        ObjectNode document = JSON.createObjectNode();
        document.put("kinesisSchemaVersion", "1.0");
        document.put("partitionKey", record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8));
        document.put("sequenceNumber", sequenceNumber(source, record));
        document.put("approximateArrivalTimestamp", BigDecimal.valueOf(record.timestamp(), 3));
        if (withData && record.value() != null) {
            try {
                JsonNode data = JSON.readTree(record.value());
                if (data != null) {
                    document.set("data", data);
                }
            } catch (java.io.IOException e) {
                // Not JSON: no data properties to match.
            }
        }
        return document;
    }

    static byte[] event(Source source, List<ConsumerRecord<byte[], byte[]>> records) {
        return bytes(eventNode(source, records));
    }

    static ObjectNode eventNode(Source source, List<ConsumerRecord<byte[], byte[]>> records) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode list = event.putArray("Records");
        String shardId = ShardId.format(source.shardIndex());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String sequence = sequenceNumber(source, record);
            ObjectNode item = list.addObject();
            ObjectNode kinesis = item.putObject("kinesis");
            kinesis.put("kinesisSchemaVersion", "1.0");
            kinesis.put("partitionKey", record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8));
            kinesis.put("sequenceNumber", sequence);
            kinesis.put(
                    "data", Base64.getEncoder().encodeToString(record.value() == null ? new byte[0] : record.value()));
            kinesis.put("approximateArrivalTimestamp", BigDecimal.valueOf(record.timestamp(), 3));
            item.put("eventSource", "aws:kinesis");
            item.put("eventVersion", "1.0");
            item.put("eventID", shardId + ":" + sequence);
            item.put("eventName", "aws:kinesis:record");
            item.put("invokeIdentityArn", source.role());
            item.put("awsRegion", source.region());
            item.put("eventSourceARN", source.streamArn());
        }
        return event;
    }

    static byte[] bytes(ObjectNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("An event is plain JSON", e);
        }
    }
}
