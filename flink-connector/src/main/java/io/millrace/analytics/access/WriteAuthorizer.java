package io.millrace.analytics.access;

import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Asks the gateway whether the job's role may write, with the call a producer makes with the role's credentials,
 * here with no record: PutRecords into a Kinesis stream, PutRecordBatch into a Firehose delivery stream. The gateway
 * authenticates the role session and evaluates the role's current policies for {@code kinesis:PutRecords} on the
 * stream's ARN, or {@code firehose:PutRecordBatch} on {@code arn:aws:firehose:REGION:ACCOUNT:deliverystream/NAME},
 * before it looks at the request's records (an {@code AccessDeniedException} in AWS's words when they do not allow
 * it, recorded in CloudTrail as the session's call). Allowed, the empty list is refused with {@code
 * ValidationException} (botocore models: PutRecords' Records and PutRecordBatch's Records both take 1 to 500), before
 * the stream is even looked up, so nothing is ever written by asking. (DescribeDeliveryStream would ask for another
 * action, which a producer's role need not have.) The client is its owner's to close.
 */
final class WriteAuthorizer {

    /** What the gateway answers an allowed caller's write without records. */
    private static final String ALLOWED_BUT_EMPTY = "ValidationException";

    private final Runnable emptyWrite;

    private WriteAuthorizer(Runnable emptyWrite) {
        this.emptyWrite = emptyWrite;
    }

    static WriteAuthorizer ofStream(KinesisClient kinesis, String stream) {
        return new WriteAuthorizer(
                () -> kinesis.putRecords(b -> b.streamName(stream).records(List.of())));
    }

    static WriteAuthorizer ofDeliveryStream(FirehoseClient firehose, String deliveryStream) {
        return new WriteAuthorizer(() -> firehose.putRecordBatch(
                b -> b.deliveryStreamName(deliveryStream).records(List.of())));
    }

    /**
     * Returns once the role may write.
     *
     * @throws StreamAccessDeniedException when the gateway refuses the call
     * @throws SdkClientException or an {@link AwsServiceException} that is no refusal, when nothing was decided
     */
    void authorize() {
        try {
            emptyWrite.run();
        } catch (AwsServiceException e) {
            if (e.awsErrorDetails() != null
                    && ALLOWED_BUT_EMPTY.equals(e.awsErrorDetails().errorCode())) {
                return;
            }
            throw GatewayClients.refusal(e).orElseThrow(() -> e);
        }
    }
}
