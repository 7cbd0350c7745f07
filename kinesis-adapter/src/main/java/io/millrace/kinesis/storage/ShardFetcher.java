package io.millrace.kinesis.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.ApiVersions;
import org.apache.kafka.clients.ClientRequest;
import org.apache.kafka.clients.ClientResponse;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.Metadata;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.clients.NetworkClientUtils;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.internals.ClusterResourceListeners;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;

/**
 * Fetch requests for one partition at a time on Kafka's own {@link NetworkClient}, answered as the broker's record
 * batches ({@link MemoryRecords}) instead of the consumer's objects per record. The connection is made from the same
 * client properties as the pool's consumers (bootstrap servers, {@code security.protocol}, TLS and SASL settings),
 * so it reaches whatever cluster they do. Like the consumer: the partition's leader and its epoch come from
 * metadata (of this reader's topic only), a leader that moved or an epoch that changed
 * ({@code NOT_LEADER_OR_FOLLOWER}, {@code FENCED_LEADER_EPOCH} and the like) refreshes metadata and fetches again,
 * and reads are {@code read_committed} ({@link StreamTopics#READ_ISOLATION}). What the consumer would do on its own
 * ({@code OFFSET_OUT_OF_RANGE}: reset to the log start) is left to the caller. Not thread-safe: one reader's.
 */
final class ShardFetcher implements AutoCloseable {

    /**
     * A fetch's answer for the partition. {@code records} is null when no answer came before the deadline;
     * {@code abortedTransactions} are those whose records lie in the fetched range, which a {@code read_committed}
     * reader drops by producer id (null or empty when there are none). {@code sentAhead}: the fetch was sent
     * before this read began ({@link #sendAhead}), so its tip may be older than the read.
     */
    record Fetched(
            Errors error,
            MemoryRecords records,
            long highWatermark,
            long lastStableOffset,
            List<FetchResponseData.AbortedTransaction> abortedTransactions,
            boolean sentAhead) {

        /** The offset a {@code read_committed} reader is caught up at (the high watermark when no LSO is given). */
        long tip() {
            return lastStableOffset >= 0 ? lastStableOffset : highWatermark;
        }

        Fetched early() {
            return new Fetched(error, records, highWatermark, lastStableOffset, abortedTransactions, true);
        }
    }

    /** Errors that mean the metadata this fetch went by is stale: refresh it and fetch again. */
    private static final Set<Errors> STALE_METADATA = EnumSet.of(
            Errors.NOT_LEADER_OR_FOLLOWER,
            Errors.FENCED_LEADER_EPOCH,
            Errors.UNKNOWN_LEADER_EPOCH,
            Errors.LEADER_NOT_AVAILABLE,
            Errors.REPLICA_NOT_AVAILABLE,
            Errors.UNKNOWN_TOPIC_ID,
            Errors.INCONSISTENT_TOPIC_ID,
            Errors.UNKNOWN_TOPIC_OR_PARTITION,
            Errors.KAFKA_STORAGE_ERROR,
            Errors.OFFSET_NOT_AVAILABLE);

    private static final IsolationLevel ISOLATION =
            IsolationLevel.valueOf(StreamTopics.READ_ISOLATION.toUpperCase(Locale.ROOT));

    private final Time time = Time.SYSTEM;
    private final Metrics metrics;
    private final ReaderMetadata metadata;
    private final NetworkClient client;
    private final long retryBackoffMs;
    /** The fetch sent ahead and not taken yet, or null. */
    private Ahead ahead;

    /** A fetch sent ahead: where it reads from, its request's correlation id, and its response once read. */
    private static final class Ahead {
        final TopicPartition tp;
        final long offset;
        final int correlationId;
        ClientResponse response;

        Ahead(TopicPartition tp, long offset, int correlationId) {
            this.tp = tp;
            this.offset = offset;
            this.correlationId = correlationId;
        }

        /** Keeps this fetch's response if it is among {@code responses} (a poll answers any request in flight). */
        void keep(List<ClientResponse> responses) {
            for (ClientResponse response : responses) {
                if (response.requestHeader().correlationId() == correlationId) {
                    this.response = response;
                }
            }
        }
    }

    /**
     * @param receiveBufferBytes the socket's receive buffer unless the properties set one: a fetch sent ahead is
     *     only read at the next call, so the broker can send no more of it than the buffer holds before then (the
     *     consumer's 64 KiB default would leave most of a 10 MiB answer to be sent while the caller waits; the
     *     kernel caps the size at {@code net.core.rmem_max})
     */
    ShardFetcher(Map<String, Object> consumerProps, int receiveBufferBytes) {
        Map<String, Object> props = new HashMap<>(consumerProps);
        props.putIfAbsent(ConsumerConfig.RECEIVE_BUFFER_CONFIG, receiveBufferBytes);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        ConsumerConfig config = new ConsumerConfig(props);
        LogContext logContext =
                new LogContext("[millrace fetch " + config.getString(ConsumerConfig.CLIENT_ID_CONFIG) + "] ");
        this.retryBackoffMs = config.getLong(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG);
        this.metadata = new ReaderMetadata(
                retryBackoffMs,
                config.getLong(ConsumerConfig.RETRY_BACKOFF_MAX_MS_CONFIG),
                config.getLong(ConsumerConfig.METADATA_MAX_AGE_CONFIG),
                logContext);
        this.metrics = new Metrics(time);
        try {
            metadata.bootstrap(ClientUtils.parseAndValidateAddresses(config));
            this.client = ClientUtils.createNetworkClient(
                    config, metrics, "millrace-fetch", logContext, new ApiVersions(), time, 1, metadata, null, null);
        } catch (RuntimeException e) {
            metrics.close();
            metadata.close();
            throw e;
        }
    }

    /**
     * Fetches up to {@code maxBytes} of {@code tp} from {@code offset} (a first batch larger than that comes whole),
     * the broker waiting up to {@code maxWaitMs} for data. Retries through metadata refreshes until
     * {@code deadlineNanos}; then answers with no records.
     */
    Fetched fetch(TopicPartition tp, long offset, int maxBytes, int maxWaitMs, long deadlineNanos) {
        metadata.track(tp.topic());
        Fetched early = takeAhead(tp, offset, deadlineNanos);
        if (early != null) {
            return early;
        }
        while (System.nanoTime() < deadlineNanos) {
            metadata.maybeThrowAnyException();
            Metadata.LeaderAndEpoch leader = metadata.currentLeader(tp);
            if (leader.leader.isEmpty()) {
                awaitMetadata(deadlineNanos);
                continue;
            }
            Node node = leader.leader.get();
            ClientResponse response;
            try {
                if (!NetworkClientUtils.awaitReady(client, node, time, remainingMs(deadlineNanos))) {
                    break;
                }
                response = NetworkClientUtils.sendAndReceive(
                        client, request(tp, offset, maxBytes, maxWaitMs, node, leader), time);
            } catch (IOException e) {
                // The node went away (a broker restarting, a leader moving): find the partition's leader again.
                awaitMetadata(deadlineNanos);
                continue;
            }
            Fetched fetched = answer(tp, response);
            if (fetched != null) {
                return fetched;
            }
            awaitMetadata(deadlineNanos);
        }
        return new Fetched(Errors.NONE, null, -1, -1, null, false);
    }

    /**
     * Sends a fetch of {@code tp} from {@code offset} without waiting for its answer, when the partition's leader
     * is known and its connection is free (this client has one request in flight per broker): the broker reads
     * and sends it while the caller encodes the answer it has, and the next {@link #fetch} from the same place
     * takes it instead of a round trip, as the Kafka consumer has its next fetch in flight. A fetch from anywhere
     * else drops it: its answer is read and discarded when the connection is next polled. Answers whether it was
     * sent.
     */
    boolean sendAhead(TopicPartition tp, long offset, int maxBytes, int maxWaitMs) {
        if (ahead != null) {
            return false;
        }
        Metadata.LeaderAndEpoch leader = metadata.currentLeader(tp);
        long now = time.milliseconds();
        if (leader.leader.isEmpty() || !client.isReady(leader.leader.get(), now)) {
            return false;
        }
        ClientRequest request = request(tp, offset, maxBytes, maxWaitMs, leader.leader.get(), leader);
        client.send(request, now);
        ahead = new Ahead(tp, offset, request.correlationId());
        // The request goes out on a poll: one that does not wait writes it now.
        ahead.keep(client.poll(0, now));
        return true;
    }

    /** Whether a fetch sent ahead waits to be taken. */
    boolean hasAhead() {
        return ahead != null;
    }

    /**
     * The answer of the fetch sent ahead when it is for exactly this read; null when there is none, it is for
     * another place (dropped), it did not come before the deadline, or it needs fresh metadata (the caller's own
     * fetch then meets the same error and refreshes it).
     */
    private Fetched takeAhead(TopicPartition tp, long offset, long deadlineNanos) {
        Ahead sent = ahead;
        if (sent == null) {
            return null;
        }
        ahead = null;
        if (!sent.tp.equals(tp) || sent.offset != offset) {
            return null;
        }
        while (sent.response == null && client.active() && System.nanoTime() < deadlineNanos) {
            sent.keep(client.poll(remainingMs(deadlineNanos), time.milliseconds()));
        }
        if (sent.response == null) {
            return null;
        }
        Fetched fetched = answer(tp, sent.response);
        return fetched == null ? null : fetched.early();
    }

    private ClientRequest request(
            TopicPartition tp, long offset, int maxBytes, int maxWaitMs, Node node, Metadata.LeaderAndEpoch leader) {
        Uuid topicId = metadata.topicIds().getOrDefault(tp.topic(), Uuid.ZERO_UUID);
        Map<TopicPartition, FetchRequest.PartitionData> partitions = Map.of(
                tp,
                new FetchRequest.PartitionData(
                        topicId, offset, FetchRequest.INVALID_LOG_START_OFFSET, maxBytes, leader.epoch));
        // A sessionless fetch (the builder's default metadata): one partition per request, nothing to keep.
        FetchRequest.Builder builder = FetchRequest.Builder.forConsumer(
                        ApiKeys.FETCH.latestVersion(), maxWaitMs, 1, partitions)
                .isolationLevel(ISOLATION)
                .setMaxBytes(maxBytes);
        return client.newClientRequest(node.idString(), builder, time.milliseconds(), true);
    }

    /** The partition's answer, or null when metadata must be refreshed before fetching again. */
    private Fetched answer(TopicPartition tp, ClientResponse response) {
        if (response.authenticationException() != null) {
            throw response.authenticationException();
        }
        if (response.versionMismatch() != null) {
            throw response.versionMismatch();
        }
        if (response.wasDisconnected() || !response.hasResponse()) {
            return null;
        }
        FetchResponse body = (FetchResponse) response.responseBody();
        if (body.error() != Errors.NONE) {
            throw body.error().exception();
        }
        FetchResponseData.PartitionData data = body.responseData(
                        metadata.topicNames(), response.requestHeader().apiVersion())
                .get(tp);
        if (data == null) {
            // A topic id the metadata no longer names (the topic was deleted or made again).
            return null;
        }
        Errors error = Errors.forCode(data.errorCode());
        if (STALE_METADATA.contains(error)) {
            return null;
        }
        if (error == Errors.OFFSET_OUT_OF_RANGE) {
            return new Fetched(error, null, data.highWatermark(), data.lastStableOffset(), null, false);
        }
        if (error != Errors.NONE) {
            throw error.exception();
        }
        return new Fetched(
                error,
                (MemoryRecords) FetchResponse.recordsOrFail(data),
                data.highWatermark(),
                data.lastStableOffset(),
                data.abortedTransactions(),
                false);
    }

    /** Asks for fresh metadata and polls until it comes (or the deadline), backing off between tries. */
    private void awaitMetadata(long deadlineNanos) {
        int version = metadata.requestUpdate(false);
        while (metadata.updateVersion() == version && System.nanoTime() < deadlineNanos) {
            client.poll(Math.min(remainingMs(deadlineNanos), Math.max(10, retryBackoffMs)), time.milliseconds());
        }
    }

    private static long remainingMs(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            metrics.close();
            metadata.close();
        }
    }

    /** Metadata of the one topic this reader reads (the base class asks for every topic of the cluster). */
    private static final class ReaderMetadata extends Metadata {
        private volatile String topic;

        ReaderMetadata(long backoffMs, long backoffMaxMs, long maxAgeMs, LogContext logContext) {
            super(backoffMs, backoffMaxMs, maxAgeMs, logContext, new ClusterResourceListeners());
        }

        void track(String name) {
            if (!name.equals(topic)) {
                topic = name;
                requestUpdateForNewTopics();
            }
        }

        private List<String> topics() {
            List<String> topics = new ArrayList<>(1);
            if (topic != null) {
                topics.add(topic);
            }
            return topics;
        }

        @Override
        protected MetadataRequest.Builder newMetadataRequestBuilder() {
            return new MetadataRequest.Builder(topics(), false);
        }

        @Override
        protected MetadataRequest.Builder newMetadataRequestBuilderForNewTopics() {
            return new MetadataRequest.Builder(topics(), false);
        }

        @Override
        protected boolean retainTopic(String name, boolean isInternal, long nowMs) {
            return name.equals(topic);
        }
    }
}
