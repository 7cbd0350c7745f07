package io.millrace.firehose.translation;

import io.millrace.firehose.config.MetricsKeys;
import io.millrace.firehose.config.StateKeys;
import io.millrace.firehose.config.UrlAllowlist;
import java.util.Map;

/**
 * Where the platform runs: the S3 store the connector writes to, how stream names map to Kafka topics, the URL
 * that serves each Lambda function ARN a Lambda processor may name, and the Kafka cluster (the gateway's client
 * settings) and topics that hold each task's segment log and delivery health, and the URLs a Lambda processor
 * may call (null: any, the gateway runs in open mode). {@code refuseOffListUrls}: a request naming another URL is
 * refused (CreateDeliveryStream, UpdateDestination); a stored stream's is translated and handed to the sink,
 * which refuses to call it, so that a stream made in open mode stops calling it once the gateway is signed.
 * {@code plainHttpLoopback}: an HTTP endpoint destination may have an http:// URL on a loopback host (AWS
 * requires https://), and so may an OpenSearch destination's ClusterEndpoint. {@code openSearchDomainEndpoints}:
 * the REST endpoint of each OpenSearch domain a DomainARN may name, by ARN or domain name.
 */
public record TranslationEnvironment(
        String s3Endpoint,
        String s3Region,
        String accessKeyId,
        String secretAccessKey,
        boolean pathStyleAccess,
        String directPutTopicPrefix,
        String kinesisTopicPrefix,
        int tasksMax,
        Map<String, String> lambdaFunctionUrls,
        Map<String, String> stateKafkaClientSettings,
        String segmentLogTopic,
        String healthTopic,
        UrlAllowlist urlFunctionAllowlist,
        boolean refuseOffListUrls,
        boolean plainHttpLoopback,
        String cloudWatchTopic,
        long cloudWatchIntervalMs,
        Map<String, String> openSearchDomainEndpoints,
        String glueEndpoint) {
    public TranslationEnvironment {
        glueEndpoint = glueEndpoint == null ? "" : glueEndpoint;
        lambdaFunctionUrls = Map.copyOf(lambdaFunctionUrls);
        stateKafkaClientSettings = Map.copyOf(stateKafkaClientSettings);
        openSearchDomainEndpoints = Map.copyOf(openSearchDomainEndpoints);
    }

    /** Without OpenSearch domains: a DomainARN is refused, a ClusterEndpoint is used as given. */
    public TranslationEnvironment(
            String s3Endpoint,
            String s3Region,
            String accessKeyId,
            String secretAccessKey,
            boolean pathStyleAccess,
            String directPutTopicPrefix,
            String kinesisTopicPrefix,
            int tasksMax,
            Map<String, String> lambdaFunctionUrls,
            Map<String, String> stateKafkaClientSettings,
            String segmentLogTopic,
            String healthTopic,
            UrlAllowlist urlFunctionAllowlist,
            boolean refuseOffListUrls,
            boolean plainHttpLoopback,
            String cloudWatchTopic,
            long cloudWatchIntervalMs) {
        this(
                s3Endpoint,
                s3Region,
                accessKeyId,
                secretAccessKey,
                pathStyleAccess,
                directPutTopicPrefix,
                kinesisTopicPrefix,
                tasksMax,
                lambdaFunctionUrls,
                stateKafkaClientSettings,
                segmentLogTopic,
                healthTopic,
                urlFunctionAllowlist,
                refuseOffListUrls,
                plainHttpLoopback,
                cloudWatchTopic,
                cloudWatchIntervalMs,
                Map.of(),
                "");
    }

    /** This environment for a stream already stored: its function URL is enforced by the sink, not refused. */
    public TranslationEnvironment forStoredStream() {
        return new TranslationEnvironment(
                s3Endpoint,
                s3Region,
                accessKeyId,
                secretAccessKey,
                pathStyleAccess,
                directPutTopicPrefix,
                kinesisTopicPrefix,
                tasksMax,
                lambdaFunctionUrls,
                stateKafkaClientSettings,
                segmentLogTopic,
                healthTopic,
                urlFunctionAllowlist,
                false,
                plainHttpLoopback,
                cloudWatchTopic,
                cloudWatchIntervalMs,
                openSearchDomainEndpoints,
                glueEndpoint);
    }

    /** Without Kafka settings: tasks then keep their segment log in S3 and publish no health. */
    public TranslationEnvironment(
            String s3Endpoint,
            String s3Region,
            String accessKeyId,
            String secretAccessKey,
            boolean pathStyleAccess,
            String directPutTopicPrefix,
            String kinesisTopicPrefix,
            int tasksMax,
            Map<String, String> lambdaFunctionUrls) {
        this(
                s3Endpoint,
                s3Region,
                accessKeyId,
                secretAccessKey,
                pathStyleAccess,
                directPutTopicPrefix,
                kinesisTopicPrefix,
                tasksMax,
                lambdaFunctionUrls,
                Map.of(),
                StateKeys.DEFAULT_SEGMENT_LOG_TOPIC,
                StateKeys.DEFAULT_HEALTH_TOPIC,
                null,
                true,
                true,
                "",
                MetricsKeys.DEFAULT_INTERVAL_MS,
                Map.of(),
                "");
    }

    public TranslationEnvironment(
            String s3Endpoint,
            String s3Region,
            String accessKeyId,
            String secretAccessKey,
            boolean pathStyleAccess,
            String directPutTopicPrefix,
            String kinesisTopicPrefix,
            int tasksMax) {
        this(
                s3Endpoint,
                s3Region,
                accessKeyId,
                secretAccessKey,
                pathStyleAccess,
                directPutTopicPrefix,
                kinesisTopicPrefix,
                tasksMax,
                Map.of());
    }
}
