package io.millrace.agent.config;

import java.net.URI;

/**
 * The agent's cloudwatch.* keys (the agent's AgentConfiguration): where and how it publishes its own metrics.
 *
 * @param emitMetrics cloudwatch.emitMetrics (default true, as the agent)
 * @param endpoint cloudwatch.endpoint; when absent, the endpoint the flows send to if it is not AWS's (Millrace serves
 *     Kinesis, Firehose and CloudWatch on one endpoint), else null: AWS's CloudWatch endpoint of the region
 * @param region the signing region: cloudwatch.region (an addition), else the one in an AWS host name, else the Kinesis
 *     region
 * @param namespace cloudwatch.namespace (default AWSKinesisAgent)
 * @param bufferTimeMillis cloudwatch.metricsBufferTimeMillis: how long samples are added up before they are published
 *     (default 30 s)
 * @param queueSize cloudwatch.metricsQueueSize: how many metrics (name and dimensions) are held between publications
 *     at most (default 10,000)
 * @param tagInstance cloudwatch.tagInstance: an Instance dimension with the host's name
 */
public record CloudWatchConfig(
        boolean emitMetrics,
        URI endpoint,
        String region,
        String namespace,
        long bufferTimeMillis,
        int queueSize,
        boolean tagInstance) {}
