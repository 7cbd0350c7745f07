package io.millrace.analytics.access;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The gateway's Kinesis and Firehose APIs as a job's sources and sinks ask them, at {@code millrace.access.endpoint}
 * (the gateway serves every API on one endpoint, told apart by X-Amz-Target), signed with the job's role credentials
 * (renewed before they expire, {@link RoleCredentials}), and which of their answers refuse the caller.
 */
public final class GatewayClients {

    /** Answers that refuse the caller; anything else (throttling, a missing stream, the network) decides nothing. */
    private static final Set<String> REFUSALS = Set.of(
            "AccessDeniedException",
            "ExpiredTokenException",
            "UnrecognizedClientException",
            "InvalidSignatureException",
            "IncompleteSignature",
            "MissingAuthenticationToken",
            "KMSAccessDeniedException");

    private GatewayClients() {}

    public static KinesisClient kinesis(RoleAccess access) {
        return signedAs(KinesisClient.builder(), access);
    }

    static FirehoseClient firehose(RoleAccess access) {
        return signedAs(FirehoseClient.builder(), access);
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C signedAs(
            B builder, RoleAccess access) {
        return builder.endpointOverride(URI.create(access.endpoint()))
                .region(Region.of(access.region()))
                .credentialsProvider(RoleCredentials.of(access))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
    }

    /** The refusal {@code error} is, in AWS's words, or empty when it decides nothing. */
    public static Optional<StreamAccessDeniedException> refusal(AwsServiceException error) {
        String code =
                error.awsErrorDetails() == null ? null : error.awsErrorDetails().errorCode();
        if (code == null || !REFUSALS.contains(code)) {
            return Optional.empty();
        }
        return Optional.of(
                new StreamAccessDeniedException(code, error.awsErrorDetails().errorMessage()));
    }
}
