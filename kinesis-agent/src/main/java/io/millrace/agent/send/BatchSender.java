package io.millrace.agent.send;

import io.millrace.agent.metrics.DestinationMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Sends a batch until every record of it is accepted: the records a response marks failed (throttling, internal
 * errors) and whole requests that fail (connection refused, 5xx, a stream not there yet) are sent again after an
 * exponential backoff with jitter, from retryInitialBackoffMillis up to retryMaxBackoffMillis. Nothing is dropped: a
 * batch that cannot be delivered holds its flow until it can, or until the agent stops.
 */
public final class BatchSender {

    private static final Logger LOG = LoggerFactory.getLogger(BatchSender.class);

    private final String flowId;
    private final DestinationClient destination;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;
    private final DestinationMetrics metrics;

    public BatchSender(
            String flowId,
            DestinationClient destination,
            DestinationMetrics metrics,
            long initialBackoffMillis,
            long maxBackoffMillis) {
        this.flowId = flowId;
        this.destination = destination;
        this.metrics = metrics;
        this.initialBackoffMillis = initialBackoffMillis;
        this.maxBackoffMillis = maxBackoffMillis;
    }

    /**
     * Sends {@code batch}; after each attempt, {@code acknowledgedPrefix} is told how many records from the start of
     * the batch are all accepted, when that grew.
     *
     * @throws InterruptedException when the agent stops before the whole batch is accepted
     */
    public void send(List<OutgoingRecord> batch, IntConsumer acknowledgedPrefix) throws InterruptedException {
        boolean[] accepted = new boolean[batch.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            pending.add(i);
        }
        int prefix = 0;
        long backoff = initialBackoffMillis;
        while (true) {
            List<OutgoingRecord> attempt = new ArrayList<>(pending.size());
            for (int i : pending) {
                attempt.add(batch.get(i));
            }
            String failure;
            metrics.attempting(attempt.size());
            try {
                List<String> errors = destination.put(attempt);
                List<Integer> failed = new ArrayList<>();
                String firstError = null;
                long bytesSent = 0;
                for (int j = 0; j < pending.size(); j++) {
                    String error = j < errors.size() ? errors.get(j) : "MissingResult";
                    if (error == null) {
                        accepted[pending.get(j)] = true;
                        bytesSent += attempt.get(j).data().length;
                    } else {
                        failed.add(pending.get(j));
                        firstError = firstError == null ? error : firstError;
                    }
                }
                metrics.responded(attempt.size() - failed.size(), bytesSent, failed.size());
                pending = failed;
                failure = pending.isEmpty()
                        ? null
                        : pending.size() + " of " + attempt.size() + " records failed (" + firstError + ")";
            } catch (SdkException e) {
                metrics.requestFailed();
                failure = "the request failed (" + e.getMessage() + ")";
            }
            int newPrefix = prefix;
            while (newPrefix < accepted.length && accepted[newPrefix]) {
                newPrefix++;
            }
            if (newPrefix > prefix) {
                prefix = newPrefix;
                acknowledgedPrefix.accept(prefix);
            }
            if (failure == null) {
                return;
            }
            long sleep = ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1);
            LOG.warn("{}: {}; sending them again in {} ms", flowId, failure, sleep);
            Thread.sleep(sleep);
            backoff = Math.min(maxBackoffMillis, backoff * 2);
        }
    }
}
