package io.millrace.bench.workload;

import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;
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
     * @param destination       adds its destination configuration to the request
     * @param throughputHintMbs DirectPutSourceConfiguration.ThroughputHintInMBs (1 to 100), or null for none
     */
    public void createAndWait(String name, DeliveryDestination destination, Integer throughputHintMbs) {
        try {
            CreateDeliveryStreamRequest.Builder request = CreateDeliveryStreamRequest.builder()
                    .deliveryStreamName(name)
                    .deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                    .directPutSourceConfiguration(
                            throughputHintMbs == null
                                    ? null
                                    : DirectPutSourceConfiguration.builder()
                                            .throughputHintInMBs(throughputHintMbs)
                                            .build());
            destination.configure(request);
            client.createDeliveryStream(request.build());
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
