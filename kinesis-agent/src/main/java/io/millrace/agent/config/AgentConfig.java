package io.millrace.agent.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * agent.json as read.
 *
 * @param kinesisEndpoint kinesis.endpoint; null: AWS's endpoint of the region
 * @param firehoseEndpoint firehose.endpoint; null: AWS's endpoint of the region
 * @param accessKeyId awsAccessKeyId; null: the SDK's default credential chain, as the agent falls back to
 * @param cloudWatch the cloudwatch.* keys: the agent's own metrics
 * @param statusReportingPeriodSeconds log.statusReportingPeriodSeconds: how often the progress line is logged
 */
public record AgentConfig(
        URI kinesisEndpoint,
        URI firehoseEndpoint,
        String kinesisRegion,
        String firehoseRegion,
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        Path checkpointFile,
        CloudWatchConfig cloudWatch,
        int statusReportingPeriodSeconds,
        List<FlowConfig> flows) {}
