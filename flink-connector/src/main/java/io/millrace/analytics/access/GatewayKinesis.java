package io.millrace.analytics.access;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

/**
 * The gateway's Kinesis API as a job's sources and sinks ask it, signed with the job's role credentials (renewed
 * before they expire, {@link RoleCredentials}), and which of its answers refuse the caller.
 */
public final class GatewayKinesis {

    /** Answers that refuse the caller; anything else (throttling, a missing stream, the network) decides nothing. */
    private static final Set<String> REFUSALS = Set.of(
            "AccessDeniedException",
            "ExpiredTokenException",
            "UnrecognizedClientException",
            "InvalidSignatureException",
            "IncompleteSignature",
            "MissingAuthenticationToken",
            "KMSAccessDeniedException");

    private GatewayKinesis() {}

    public static KinesisClient client(RoleAccess access) {
        return KinesisClient.builder()
                .endpointOverride(URI.create(access.endpoint()))
                .region(Region.of(access.region()))
                .credentialsProvider(RoleCredentials.of(access))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
    }

    /** The refusal {@code error} is, in AWS's words, or empty when it decides nothing. */
    public static Optional<StreamAccessDeniedException> refusal(KinesisException error) {
        String code =
                error.awsErrorDetails() == null ? null : error.awsErrorDetails().errorCode();
        if (code == null || !REFUSALS.contains(code)) {
            return Optional.empty();
        }
        return Optional.of(
                new StreamAccessDeniedException(code, error.awsErrorDetails().errorMessage()));
    }
}
