package io.millrace.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What {@link MillraceTest} promises a user's test: the platform of this JVM's default settings (shared with the
 * other classes of these settings), and clients of every kind handed out as fields and parameters, each reaching the
 * part it names: Kinesis records readable by a plain Kafka consumer at the bootstrap servers given, Firehose records
 * delivered by the Connect worker into the S3 store the S3 client reads, DynamoDB items kept.
 */
@MillraceTest
class MillraceExtensionIT {

    @Millrace
    static MillracePlatform platform;

    @Millrace
    KinesisClient kinesisField;

    @Millrace
    URI endpointField;

    @Millrace
    String bootstrapField;

    @Test
    void fieldsAndParametersAreTheSameClientsOfOnePlatform(
            KinesisClient kinesis, @Millrace URI endpoint, @Millrace String bootstrapServers) {
        assertThat(kinesisField).isSameAs(kinesis).isSameAs(platform.kinesis());
        assertThat(endpointField).isEqualTo(endpoint).isEqualTo(platform.endpoint());
        assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
        assertThat(endpoint.getPort()).isPositive();
        assertThat(bootstrapField).isEqualTo(bootstrapServers).isEqualTo(platform.kafkaBootstrapServers());
        assertThat(platform.flinkRestUrl())
                .as("no Flink cluster unless asked for")
                .isEmpty();
    }

    @Test
    void recordsPutThroughKinesisAreReadByAKafkaConsumer(KinesisClient kinesis, @Millrace String bootstrapServers) {
        String stream = "kit-orders";
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> kinesis.describeStreamSummary(b -> b.streamName(stream))
                                .streamDescriptionSummary()
                                .streamStatus()
                        == StreamStatus.ACTIVE);
        List<String> sequenceNumbers = new ArrayList<>();
        for (String order : List.of("order-1", "order-2", "order-3")) {
            PutRecordResponse put = kinesis.putRecord(
                    b -> b.streamName(stream).partitionKey("customer-7").data(SdkBytes.fromUtf8String(order)));
            sequenceNumbers.add(put.sequenceNumber());
        }
        assertThat(sequenceNumbers).doesNotHaveDuplicates();

        // A stream is the Kafka topic of its name, shard 0 its partition 0; the partition key is the record's key.
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            TopicPartition shard = new TopicPartition(stream, 0);
            consumer.assign(List.of(shard));
            consumer.seekToBeginning(List.of(shard));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return read.size() >= 3;
            });
        }
        assertThat(read).extracting(ConsumerRecord::value).containsExactly("order-1", "order-2", "order-3");
        assertThat(read).extracting(ConsumerRecord::key).containsOnly("customer-7");
    }

    @Test
    void firehoseDeliversRecordsIntoTheS3Store(FirehoseClient firehose, S3Client s3) {
        String bucket = "kit-lake";
        String name = "kit-delivery";
        s3.createBucket(b -> b.bucket(bucket));
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                .extendedS3DestinationConfiguration(d -> d.bucketARN("arn:aws:s3:::" + bucket)
                        .roleARN("arn:aws:iam::000000000000:role/firehose")
                        .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(1))));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> firehose.describeDeliveryStream(b -> b.deliveryStreamName(name))
                                .deliveryStreamDescription()
                                .deliveryStreamStatus()
                        == DeliveryStreamStatus.ACTIVE);
        firehose.putRecord(b -> b.deliveryStreamName(name).record(r -> r.data(SdkBytes.fromUtf8String("hello\n"))));
        firehose.putRecord(b -> b.deliveryStreamName(name).record(r -> r.data(SdkBytes.fromUtf8String("world\n"))));

        StringBuilder delivered = new StringBuilder();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            delivered.setLength(0);
            for (S3Object object : s3.listObjectsV2(b -> b.bucket(bucket)).contents()) {
                delivered.append(s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key()))
                        .asUtf8String());
            }
            return delivered.length() >= "hello\nworld\n".length();
        });
        assertThat(delivered.toString()).isEqualTo("hello\nworld\n");
        s3.putObject(b -> b.bucket(bucket).key("written-by-the-test"), RequestBody.fromString("x"));
        assertThat(s3.headObject(b -> b.bucket(bucket).key("written-by-the-test"))
                        .contentLength())
                .isEqualTo(1);
    }

    @Test
    void dynamoDbKeepsItemsOfATable(DynamoDbClient dynamoDb) {
        String table = "kit-leases";
        dynamoDb.createTable(b -> b.tableName(table)
                .keySchema(k -> k.attributeName("leaseKey").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("leaseKey").attributeType(ScalarAttributeType.S))
                .billingMode("PAY_PER_REQUEST"));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        dynamoDb.describeTable(b -> b.tableName(table)).table().tableStatus() == TableStatus.ACTIVE);
        dynamoDb.putItem(b -> b.tableName(table)
                .item(Map.of(
                        "leaseKey", AttributeValue.fromS("shardId-000000000000"),
                        "checkpoint", AttributeValue.fromS("TRIM_HORIZON"))));
        assertThat(dynamoDb.getItem(b -> b.tableName(table)
                                .key(Map.of("leaseKey", AttributeValue.fromS("shardId-000000000000"))))
                        .item()
                        .get("checkpoint")
                        .s())
                .isEqualTo("TRIM_HORIZON");
    }
}
