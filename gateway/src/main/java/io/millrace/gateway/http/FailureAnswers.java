package io.millrace.gateway.http;

import io.millrace.gateway.protocol.ApiException;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a caller is told when an action fails: its own {@link ApiException} as is, anything else as AWS's
 * InternalFailure (which SDKs retry). The same for a call over the wire and one made in-process, so a console user
 * and a CLI user see the same answer and the operator the same log line: a transient Kafka condition counted by
 * {@link TransientFailures}, anything else once with its stack trace, since it is a bug.
 */
final class FailureAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(FailureAnswers.class);

    private final TransientFailures transientFailures;

    FailureAnswers(TransientFailures transientFailures) {
        this.transientFailures = transientFailures;
    }

    static FailureAnswers create() {
        return new FailureAnswers(new TransientFailures(System::nanoTime));
    }

    /** @param action names the call for the log, e.g. {@code Kinesis_20131202.PutRecords} */
    ApiException answer(Throwable error, String action) {
        Throwable cause = unwrap(error);
        if (cause instanceof ApiException api) {
            return api;
        }
        RetriableException transientError = TransientFailures.retriableCause(cause);
        if (transientError != null) {
            transientFailures.record(action, transientError);
        } else {
            LOG.error("Internal failure serving {}", action, cause);
        }
        return ApiException.internalFailure("Internal service failure.");
    }

    static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
