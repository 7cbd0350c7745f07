package io.millrace.bench.workload;

import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.DirectPutSourceConfiguration;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

/**
 * Creates the DirectPut delivery stream a run writes to, waits until it is ACTIVE, and deletes it. The bucket is
 * created when missing; the run's objects are removed afterwards unless the user keeps them.
 */
public final class DeliveryStreamAdmin {

    /** Creating a delivery stream starts a connector on the Connect cluster, which takes a few seconds. */
    private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(120);

    private static final long POLL_MILLIS = 200;

    private final FirehoseClient client;

    public DeliveryStreamAdmin(FirehoseClient client) {
        this.client = client;
    }

    /**
     * @param bufferSizeMb       BufferingHints.SizeInMBs, 1 to 128
     * @param bufferIntervalSecs BufferingHints.IntervalInSeconds, 0 to 900
     * @param throughputHintMbs  DirectPutSourceConfiguration.ThroughputHintInMBs (1 to 100), or null for none
     */
    public void createAndWait(
            String name,
            String bucket,
            String prefix,
            int bufferSizeMb,
            int bufferIntervalSecs,
            Integer throughputHintMbs) {
        try {
            client.createDeliveryStream(b -> b.deliveryStreamName(name)
                    .deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                    .directPutSourceConfiguration(
                            throughputHintMbs == null
                                    ? null
                                    : DirectPutSourceConfiguration.builder()
                                            .throughputHintInMBs(throughputHintMbs)
                                            .build())
                    .extendedS3DestinationConfiguration(d -> d.bucketARN("arn:aws:s3:::" + bucket)
                            .roleARN("arn:aws:iam::000000000000:role/millrace-bench")
                            .prefix(prefix)
                            .errorOutputPrefix(prefix + "errors/")
                            .bufferingHints(h -> h.sizeInMBs(bufferSizeMb).intervalInSeconds(bufferIntervalSecs))));
        } catch (SdkException e) {
            throw new BenchFailure("CreateDeliveryStream " + name + " failed: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            DeliveryStreamDescription d = client.describeDeliveryStream(b -> b.deliveryStreamName(name))
                    .deliveryStreamDescription();
            if (d.deliveryStreamStatus() == DeliveryStreamStatus.ACTIVE) {
                return;
            }
            if (d.deliveryStreamStatus() == DeliveryStreamStatus.CREATING_FAILED) {
                throw new BenchFailure("delivery stream " + name + " failed to create: "
                        + (d.failureDescription() == null
                                ? "no reason given"
                                : d.failureDescription().details()));
            }
            StreamAdmin.sleep(POLL_MILLIS);
        }
        throw new BenchFailure("delivery stream " + name + " not ACTIVE after " + ACTIVE_TIMEOUT.toSeconds() + " s");
    }

    /** Best effort: a leftover delivery stream is reported, not fatal, since the figures are already measured. */
    public String delete(String name) {
        try {
            client.deleteDeliveryStream(b -> b.deliveryStreamName(name));
            return null;
        } catch (ResourceNotFoundException e) {
            return null;
        } catch (SdkException e) {
            return "could not delete delivery stream " + name + ": " + e.getMessage();
        }
    }
}
