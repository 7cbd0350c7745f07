package io.millrace.firehose.opensearch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.delivery.DestinationSink;
import io.millrace.firehose.delivery.RetryWindow;
import io.millrace.firehose.http.BufferedRecords;
import io.millrace.firehose.http.EnvelopeObject;
import io.millrace.firehose.naming.DeterministicIds;
import io.millrace.firehose.naming.ObjectKeys;
import io.millrace.firehose.s3.ObjectWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes the destination's buffers into OpenSearch with the _bulk API, several buffers at once (each from one thread
 * at a time; {@code opensearch.buffers.in.flight}). A buffer whose documents are not all indexed
 * throws, so the task backs off and calls again (Kafka keeps the records uncommitted meanwhile) with only the
 * documents still failing; once RetryOptions.DurationInSeconds has passed since the first failed attempt, those go
 * to the S3 error output as {@code AmazonOpenSearchService-failed}, one JSON envelope per document as AWS writes them
 * ("Handle data delivery failures", Amazon Data Firehose developer guide), and the buffer counts as delivered.
 *
 * <p>With FIREHOSE_DEFAULT ids, a document's id is derived from the stream's name, what identifies the buffer's records
 * (output, topic, partition, segment start: not the stream's version, which UpdateDestination raises) and the
 * document's place in the buffer: every attempt, a replay of the same records after a crash, and one by the task of
 * an updated stream, indexes it under the same id, so each record is in the index once. Buffers may therefore be
 * indexed out of order: the engine still commits only below the oldest one not indexed.
 */
public final class OpenSearchDelivery implements DestinationSink {
    /** The !{firehose:error-output-type} (and default folder) of documents OpenSearch did not take. */
    public static final String FAILED_OUTPUT_TYPE = "AmazonOpenSearchService-failed";

    static final String REQUEST_TIMEOUT = "OS.RequestTimeout";
    static final String CONNECTION_FAILED = "OS.ConnectionFailed";
    /** Millrace's code for a request that could not be signed (no credentials to be had, for one). */
    static final String SIGNING_FAILED = "OS.SigningFailed";
    /** A _bulk request this large is sent before the next documents are added. */
    private static final int MAX_BULK_BYTES = 16 << 20;

    private static final String CONTENT_TYPE = "Content-Type";
    private static final String NDJSON = "application/x-ndjson";

    private static final Logger LOG = LoggerFactory.getLogger(OpenSearchDelivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String streamName;
    private final OpenSearchSettings settings;
    private final String errorBucket;
    private final ObjectKeys errorKeys;
    private final ObjectWriter writer;
    private final LongSupplier clock;
    private final HttpClient client;
    private final URI bulkUri;
    /** Buffers with documents that failed and will be tried again, by buffer name. */
    private final Map<String, Attempts> failing = new ConcurrentHashMap<>();

    private static final class Attempts {
        List<Document> pending;
        final RetryWindow window;

        Attempts(List<Document> documents, RetryWindow window) {
            this.pending = documents;
            this.window = window;
        }
    }

    /**
     * @param errorBucket the S3Configuration's bucket
     * @param errorKeys the S3Configuration's prefixes, for the error output's keys
     */
    public OpenSearchDelivery(
            String streamName,
            OpenSearchSettings settings,
            String errorBucket,
            ObjectKeys errorKeys,
            ObjectWriter writer,
            LongSupplier clock) {
        this.streamName = streamName;
        this.settings = settings;
        this.errorBucket = errorBucket;
        this.errorKeys = errorKeys;
        this.writer = writer;
        this.clock = clock;
        this.bulkUri = URI.create(settings.endpointUrl() + "/_bulk");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(Math.min(10_000, settings.requestTimeoutMillis())))
                .build();
    }

    @Override
    public byte[] frame(byte[] data, long arrivalMillis) {
        return BufferedRecords.frame(data, arrivalMillis);
    }

    @Override
    public int parallelism() {
        return settings.buffersInFlight();
    }

    /** A buffer whose name is its id too (it is named the same whatever the stream's version). */
    @Override
    public void deliver(String key, Path file) {
        deliver(key, key, file);
    }

    @Override
    public void deliver(String key, String bufferId, Path file) {
        Attempts attempts = failing.get(key);
        if (attempts == null) {
            attempts = new Attempts(
                    documents(bufferId, BufferedRecords.read(file)), new RetryWindow(settings.retryDurationMillis()));
        }
        if (!attempts.window.gaveUp()) {
            attempts.pending = attempt(attempts.pending);
            if (attempts.pending.isEmpty()) {
                attempts.window.succeeded();
                failing.remove(key);
                return;
            }
            failing.put(key, attempts);
            Document first = attempts.pending.get(0);
            if (attempts.window.failedMayRetry(clock.getAsLong())) {
                throw new OpenSearchDeliveryException(attempts.pending.size() + " documents not indexed at "
                        + settings.endpointUrl() + ": " + first.errorCode + ": " + first.errorMessage);
            }
            LOG.warn(
                    "Delivery stream {}: {} documents not indexed at {} after {} attempts ({}); writing them to "
                            + "s3://{} as {}",
                    streamName,
                    attempts.pending.size(),
                    settings.endpointUrl(),
                    attempts.window.made(),
                    first.errorCode,
                    errorBucket,
                    FAILED_OUTPUT_TYPE);
        }
        writeFailed(key, file, attempts);
        failing.remove(key);
    }

    private List<Document> documents(String bufferId, List<BufferedRecords.Entry> records) {
        List<Document> documents = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            BufferedRecords.Entry record = records.get(i);
            String id = settings.firehoseDocumentIds() ? documentId(streamName, bufferId, i) : null;
            documents.add(
                    new Document(record, settings.rotation().index(settings.indexName(), record.arrivalMillis()), id));
        }
        return documents;
    }

    /** The FIREHOSE_DEFAULT id of the {@code position}th document of a buffer. */
    static String documentId(String streamName, String bufferId, int position) {
        return DeterministicIds.uuid("opensearch\u0000" + streamName + "\u0000" + bufferId + "\u0000" + position)
                .toString();
    }

    /** Sends the documents in _bulk requests of bounded size; returns those still not indexed. */
    private List<Document> attempt(List<Document> documents) {
        List<Document> indexed = new ArrayList<>();
        BulkBody body = new BulkBody();
        for (Document document : documents) {
            body.add(document);
            if (body.size() >= MAX_BULK_BYTES) {
                indexed.addAll(send(body));
                body = new BulkBody();
            }
        }
        if (!body.isEmpty()) {
            indexed.addAll(send(body));
        }
        java.util.Set<Document> done = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        done.addAll(indexed);
        return documents.stream().filter(d -> !done.contains(d)).toList();
    }

    private List<Document> send(BulkBody body) {
        byte[] bytes = body.bytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(bulkUri)
                .timeout(Duration.ofMillis(settings.requestTimeoutMillis()))
                .header(CONTENT_TYPE, NDJSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        try {
            if (settings.signer() != null && !sign(request, bytes, body)) {
                return List.of();
            }
            HttpResponse<String> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return BulkResponse.apply(response.statusCode(), response.body(), body.documents());
        } catch (HttpTimeoutException e) {
            BulkResponse.failAll(
                    body.documents(),
                    REQUEST_TIMEOUT,
                    "The cluster did not answer within " + settings.requestTimeoutMillis() + " ms.");
        } catch (IOException e) {
            BulkResponse.failAll(
                    body.documents(), CONNECTION_FAILED, "The connection to the cluster failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenSearchDeliveryException("interrupted while indexing into " + settings.endpointUrl());
        }
        return List.of();
    }

    /** Signs the request; false (every document failed) when no signature can be made, such as without credentials. */
    private boolean sign(HttpRequest.Builder request, byte[] bytes, BulkBody body) {
        try {
            settings.signer().sign(request, bulkUri, Map.of(CONTENT_TYPE, NDJSON), bytes);
            return true;
        } catch (RuntimeException e) {
            BulkResponse.failAll(
                    body.documents(), SIGNING_FAILED, "The request could not be signed: " + e.getMessage());
            return false;
        }
    }

    /**
     * One object of envelopes for the documents given up on, named like any error object of the buffer's segment, so
     * that a replay that gives up again overwrites it.
     */
    private void writeFailed(String key, Path buffer, Attempts attempts) {
        long firstArrival = attempts.pending.get(0).record.arrivalMillis();
        String errorKey = errorKeys.errorKey(firstArrival, key, FAILED_OUTPUT_TYPE);
        EnvelopeObject.put(
                writer,
                errorBucket,
                errorKey,
                buffer,
                attempts.pending.stream().map(d -> envelope(d, attempts)).toList());
    }

    /** AWS's envelope of a failed document; the es* names are the ones AWS keeps for OpenSearch too. */
    private ObjectNode envelope(Document document, Attempts attempts) {
        ObjectNode line = JSON.createObjectNode();
        line.put("attemptsMade", attempts.window.made());
        line.put("arrivalTimestamp", document.record.arrivalMillis());
        line.put("errorCode", document.errorCode);
        line.put("errorMessage", document.errorMessage);
        line.put("attemptEndingTimestamp", attempts.window.lastEndedMillis());
        line.put("esDocumentId", document.id);
        line.put("esIndexName", document.index);
        line.put("esTypeName", "");
        line.put("rawData", document.record.base64());
        return line;
    }

    /** A failed attempt that another will follow. */
    static final class OpenSearchDeliveryException extends RuntimeException {
        OpenSearchDeliveryException(String message) {
            super(message);
        }
    }
}
