package io.millrace.firehose.opensearch;

import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.config.HttpEndpointKeys;
import io.millrace.firehose.config.OpenSearchKeys;
import io.millrace.firehose.conversion.ConversionConfig;
import io.millrace.firehose.s3.S3Clients;
import org.apache.kafka.common.config.ConfigException;

/**
 * The OpenSearch destination of a delivery stream, as its task delivers to it.
 *
 * @param firehoseDocumentIds FIREHOSE_DEFAULT (true) or NO_DOCUMENT_ID
 * @param buffersInFlight how many buffers are indexed at once
 * @param signer signs the _bulk requests (SigV4), or null when they go unsigned
 */
public record OpenSearchSettings(
        String endpointUrl,
        String indexName,
        IndexRotation rotation,
        boolean firehoseDocumentIds,
        long retryDurationMillis,
        long requestTimeoutMillis,
        int buffersInFlight,
        BulkSigner signer) {

    /** The destination of this configuration, or null when it is not OpenSearch; refuses what cannot be delivered. */
    public static OpenSearchSettings from(FirehoseSinkConfig config) {
        if (!OpenSearchKeys.AMAZON_OPENSEARCH_SERVICE.equals(config.getString(HttpEndpointKeys.DESTINATION_TYPE))) {
            return null;
        }
        String url = config.getString(OpenSearchKeys.ENDPOINT_URL).trim();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new ConfigException(OpenSearchKeys.ENDPOINT_URL, url, "must be an http:// or https:// URL");
        }
        String index = config.getString(OpenSearchKeys.INDEX_NAME);
        if (index.isBlank()) {
            throw new ConfigException(OpenSearchKeys.INDEX_NAME, index, "required for an OpenSearch destination");
        }
        if (config.dynamicPartitioning() || config.getBoolean(ConversionConfig.ENABLED)) {
            throw new ConfigException(
                    HttpEndpointKeys.DESTINATION_TYPE,
                    OpenSearchKeys.AMAZON_OPENSEARCH_SERVICE,
                    "dynamic partitioning and format conversion are S3 destination features");
        }
        return new OpenSearchSettings(
                url.endsWith("/") ? url.substring(0, url.length() - 1) : url,
                index,
                IndexRotation.valueOf(config.getString(OpenSearchKeys.INDEX_ROTATION_PERIOD)),
                "FIREHOSE_DEFAULT".equals(config.getString(OpenSearchKeys.DOCUMENT_ID_FORMAT)),
                config.getInt(OpenSearchKeys.RETRY_DURATION_SECONDS) * 1000L,
                config.getLong(OpenSearchKeys.REQUEST_TIMEOUT_MS),
                config.getInt(OpenSearchKeys.BUFFERS_IN_FLIGHT),
                signer(config));
    }

    private static BulkSigner signer(FirehoseSinkConfig config) {
        if (!OpenSearchKeys.AUTH_SIGV4.equals(config.getString(OpenSearchKeys.AUTH))) {
            return null;
        }
        String region = config.getString(OpenSearchKeys.SIGNING_REGION).trim();
        String service = config.getString(OpenSearchKeys.SIGNING_SERVICE).trim();
        if (service.isEmpty()) {
            throw new ConfigException(OpenSearchKeys.SIGNING_SERVICE, service, "required with AWS_SIGV4");
        }
        return new BulkSigner(S3Clients.credentials(config), region.isEmpty() ? config.s3Region() : region, service);
    }
}
