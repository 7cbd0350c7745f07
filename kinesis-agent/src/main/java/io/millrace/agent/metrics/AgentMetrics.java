package io.millrace.agent.metrics;

import io.millrace.agent.config.CloudWatchConfig;
import io.millrace.agent.config.Destination;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The agent's CloudWatch metrics when cloudwatch.emitMetrics is on: the shared buffer the flows' senders add to, and
 * its publisher. Off, every destination reports to {@link DestinationMetrics#NONE}.
 */
public final class AgentMetrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentMetrics.class);

    private final MetricsBuffer buffer;
    private final CloudWatchPublisher publisher;
    private final String instance;

    private AgentMetrics(MetricsBuffer buffer, CloudWatchPublisher publisher, String instance) {
        this.buffer = buffer;
        this.publisher = publisher;
        this.instance = instance;
    }

    public static AgentMetrics off() {
        return new AgentMetrics(null, null, null);
    }

    /** @param where the endpoint, for the log */
    public static AgentMetrics start(CloudWatchConfig config, CloudWatchClient client, String where) {
        MetricsBuffer buffer = new MetricsBuffer(config.queueSize());
        CloudWatchPublisher publisher = new CloudWatchPublisher(
                client, config.namespace(), where, buffer, Duration.ofMillis(config.bufferTimeMillis()));
        LOG.info(
                "Agent: publishing its metrics to CloudWatch at {}, namespace {}, every {} ms",
                where,
                config.namespace(),
                config.bufferTimeMillis());
        return new AgentMetrics(buffer, publisher, config.tagInstance() ? hostName() : null);
    }

    /** The reporter of a flow's sender: the agent's Destination dimension is KinesisStream:name or DeliveryStream:name. */
    public DestinationMetrics forDestination(Destination destination) {
        if (buffer == null) {
            return DestinationMetrics.NONE;
        }
        String prefix = destination.kind() == Destination.Kind.KINESIS ? "KinesisStream:" : "DeliveryStream:";
        return DestinationMetrics.of(buffer, prefix + destination.name(), instance);
    }

    /** The agent tags with the EC2 instance id, else the host name; there is no instance metadata here. */
    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            LOG.warn(
                    "Agent: cannot tell the host name ({}): metrics go without the Instance dimension", e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        if (publisher != null) {
            publisher.close();
        }
    }
}
