package io.millrace.firehose.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.ProcessingKeys;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Every CompressionFormat, written by the connector and read back with an independent decoder, with the headers
 * Firehose's objects carry: Content-Type application/octet-stream and the format's Content-Encoding.
 */
class CompressionDeliveryIT {
    private final TestStack stack = TestStack.get();

    @Test
    void eachFormatReadsBackToTheDelimitedRecords() throws Exception {
        Map<String, String> extensions = new LinkedHashMap<>();
        extensions.put("UNCOMPRESSED", "");
        extensions.put("GZIP", ".gz");
        extensions.put("ZIP", ".zip");
        extensions.put("Snappy", ".snappy");
        extensions.put("HADOOP_SNAPPY", ".hsnappy");
        Map<String, String> encodings =
                Map.of("GZIP", "gzip", "ZIP", "zip", "Snappy", "snappy-java", "HADOOP_SNAPPY", "hadoop-snappy");

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // Repetitive enough to compress, long enough (about 120 KiB in all) to span several snappy blocks.
            byte[] record =
                    ("{\"n\":" + i + ",\"text\":\"" + "firehose ".repeat(60) + "\"}").getBytes(StandardCharsets.UTF_8);
            records.add(record);
            expected.writeBytes(record);
            expected.write('\n');
        }

        Map<String, String> buckets = new LinkedHashMap<>();
        List<String> connectors = new ArrayList<>();
        try {
            for (String format : extensions.keySet()) {
                String topic = TestStack.unique("compression-" + format.toLowerCase());
                String bucket =
                        TestStack.unique("compression-" + format.toLowerCase().replace('_', '-'));
                stack.createTopic(topic, 1);
                stack.createBucket(bucket);
                Map<String, String> config = stack.connectorConfig("compressed", topic, bucket);
                config.put(DestinationKeys.COMPRESSION_FORMAT, format);
                config.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "1");
                config.put(ProcessingKeys.PROCESSING_APPEND_DELIMITER, "true");
                for (byte[] record : records) {
                    stack.produce(topic, 0, null, null, record);
                }
                String connector = TestStack.unique("compression-connector");
                stack.startConnector(connector, config);
                connectors.add(connector);
                buckets.put(format, bucket);
            }
            for (Map.Entry<String, String> e : buckets.entrySet()) {
                String format = e.getKey();
                String bucket = e.getValue();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> decodedAll(format, bucket).length >= expected.size());
                assertThat(decodedAll(format, bucket)).as(format).isEqualTo(expected.toByteArray());
                for (String key : stack.keys(bucket, "")) {
                    assertThat(key)
                            .as(format)
                            .matches(".*-[0-9a-f-]{36}" + java.util.regex.Pattern.quote(extensions.get(format)) + "$");
                    HeadObjectResponse head =
                            stack.s3().headObject(b -> b.bucket(bucket).key(key));
                    assertThat(head.contentType()).as(format).isEqualTo("application/octet-stream");
                    assertThat(head.contentEncoding()).as(format).isEqualTo(encodings.get(format));
                }
                if (!format.equals("UNCOMPRESSED")) {
                    long stored = stack.list(bucket, "").stream()
                            .mapToLong(o -> o.size())
                            .sum();
                    assertThat(stored).as(format + " is compressed").isLessThan(expected.size() / 2);
                }
            }
        } finally {
            for (String connector : connectors) {
                stack.stopConnector(connector);
            }
        }
    }

    /** All objects of the bucket, in key order (one partition: time, then name), decoded and concatenated. */
    private byte[] decodedAll(String format, String bucket) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Keys of one partition sort by their first record's arrival second; ties are broken by content order below.
        List<byte[]> decoded = new ArrayList<>();
        for (String key : stack.keys(bucket, "")) {
            byte[] data = stack.get(bucket, key);
            byte[] plain = switch (format) {
                case "UNCOMPRESSED" -> data;
                case "GZIP" -> Decompress.gzip(data);
                case "ZIP" -> {
                    Decompress.Entry entry = Decompress.zip(data);
                    String file = key.substring(key.lastIndexOf('/') + 1);
                    assertThat(entry.name() + ".zip").isEqualTo(file);
                    yield entry.content();
                }
                case "Snappy" -> Decompress.snappyFramed(data);
                case "HADOOP_SNAPPY" -> Decompress.hadoopSnappy(data);
                default -> throw new IllegalArgumentException(format);
            };
            decoded.add(plain);
        }
        decoded.sort((a, b) -> Integer.compare(firstRecordNumber(a), firstRecordNumber(b)));
        decoded.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static int firstRecordNumber(byte[] plain) {
        String s = new String(plain, 0, Math.min(plain.length, 20), StandardCharsets.UTF_8);
        return Integer.parseInt(s.substring(s.indexOf(':') + 1, s.indexOf(',')));
    }
}
