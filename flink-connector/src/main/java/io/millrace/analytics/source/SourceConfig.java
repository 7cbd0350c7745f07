package io.millrace.analytics.source;

import io.millrace.analytics.access.RoleAccess;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Everything a {@link MillraceSource} needs to read a stream.
 *
 * @param childrenAfterCheckpoint hold a child shard back until a checkpoint completed after its parents finished,
 *     so every operator downstream has processed the parents' records (KCL's guarantee); needs checkpoints
 * @param decryption how encrypted records are opened: {@code KinesisCryptoConfig} keys (the KMS endpoint and
 *     credentials), empty when the job was given none
 * @param access where and as whom reads of the stream are authorized, null when they are not (outside Millrace's
 *     application service, or in open mode)
 */
record SourceConfig(
        String stream,
        String topic,
        String bootstrapServers,
        Map<String, String> kafkaProperties,
        String metadataTopic,
        StartingPosition start,
        StoppingPosition stop,
        Duration shardDiscoveryInterval,
        boolean childrenAfterCheckpoint,
        Map<String, String> decryption,
        RoleAccess access)
        implements Serializable {

    SourceConfig {
        kafkaProperties = Map.copyOf(kafkaProperties);
        decryption = Map.copyOf(decryption);
    }

    SourceConfig withChildrenAfterCheckpoint(boolean value) {
        return new SourceConfig(
                stream,
                topic,
                bootstrapServers,
                kafkaProperties,
                metadataTopic,
                start,
                stop,
                shardDiscoveryInterval,
                value,
                decryption,
                access);
    }

    SourceConfig withShardDiscoveryInterval(Duration interval) {
        return new SourceConfig(
                stream,
                topic,
                bootstrapServers,
                kafkaProperties,
                metadataTopic,
                start,
                stop,
                interval,
                childrenAfterCheckpoint,
                decryption,
                access);
    }

    SourceConfig withDecryption(Map<String, String> value) {
        return new SourceConfig(
                stream,
                topic,
                bootstrapServers,
                kafkaProperties,
                metadataTopic,
                start,
                stop,
                shardDiscoveryInterval,
                childrenAfterCheckpoint,
                value,
                access);
    }

    SourceConfig withAccess(RoleAccess value) {
        return new SourceConfig(
                stream,
                topic,
                bootstrapServers,
                kafkaProperties,
                metadataTopic,
                start,
                stop,
                shardDiscoveryInterval,
                childrenAfterCheckpoint,
                decryption,
                value);
    }

    /** Consumer settings for reading shards: read_committed, never group-managed, expired data skipped. */
    Properties consumerProperties(String clientId) {
        Properties props = new Properties();
        // Only what committed transactions wrote, as the gateway's GetRecords shows it.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // An offset whose data the retention period removed moves to the oldest record kept, as TRIM_HORIZON does.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putAll(kafkaProperties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }
}
