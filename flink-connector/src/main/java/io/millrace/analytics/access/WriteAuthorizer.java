package io.millrace.analytics.access;

import java.util.List;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

/**
 * Asks the gateway whether the job's role may write to a stream, with the call AWS's Kinesis sink makes with the
 * role's credentials: PutRecords, here with no record. The gateway authenticates the role session and evaluates
 * the role's current policies for {@code kinesis:PutRecords} on the stream's ARN before it looks at the request's
 * records (an {@code AccessDeniedException} in AWS's words when they do not allow it, recorded in CloudTrail as the
 * session's call); allowed, the empty list is refused with {@code ValidationException} (PutRecords takes 1 to 500
 * records), so nothing is ever written by asking. The client is its owner's to close.
 */
final class WriteAuthorizer {

    /** What the gateway answers an allowed caller's PutRecords without records. */
    private static final String ALLOWED_BUT_EMPTY = "ValidationException";

    private final KinesisClient kinesis;

    WriteAuthorizer(KinesisClient kinesis) {
        this.kinesis = kinesis;
    }

    /**
     * Returns once the role may write to {@code stream}.
     *
     * @throws StreamAccessDeniedException when the gateway refuses the call
     * @throws SdkClientException or a {@link KinesisException} that is no refusal, when nothing was decided
     */
    void authorize(String stream) {
        try {
            kinesis.putRecords(b -> b.streamName(stream).records(List.of()));
        } catch (KinesisException e) {
            if (e.awsErrorDetails() != null
                    && ALLOWED_BUT_EMPTY.equals(e.awsErrorDetails().errorCode())) {
                return;
            }
            throw GatewayKinesis.refusal(e).orElseThrow(() -> e);
        }
    }
}
