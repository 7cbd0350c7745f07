package io.millrace.gateway.protocol.auth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;

/** Signs requests with the AWS SDK's own SigV4 signer, and turns them into what the gateway receives. */
final class SdkSigning {

    static final String ACCESS_KEY = "AKIAMILLRACETEST0001";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYMILLRACEKEY";
    static final Instant SIGNED_AT = Instant.parse("2026-11-25T22:00:00Z");

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private SdkSigning() {}

    static SdkHttpRequest.Builder post(String pathAndQuery, String target, String contentType) {
        return SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://localhost:4567" + pathAndQuery))
                .putHeader("Content-Type", contentType)
                .putHeader("X-Amz-Target", target);
    }

    /** Signs in the Authorization header, as SDK clients do, at {@link #SIGNED_AT}. */
    static SignedRequest sign(SdkHttpRequest.Builder request, byte[] body, String accessKey, String secret) {
        return sign(request, body, accessKey, secret, UnaryOperator.identity());
    }

    /** Presigns in the query string, valid for {@code expiresIn}. */
    static SignedRequest presign(SdkHttpRequest.Builder request, byte[] body, Duration expiresIn) {
        return sign(
                request,
                body,
                ACCESS_KEY,
                SECRET,
                r -> r.putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expiresIn));
    }

    private static SignedRequest sign(
            SdkHttpRequest.Builder request,
            byte[] body,
            String accessKey,
            String secret,
            UnaryOperator<software.amazon.awssdk.http.auth.spi.signer.SignRequest.Builder<AwsCredentialsIdentity>>
                    extra) {
        software.amazon.awssdk.http.auth.spi.signer.SignedRequest signed =
                SIGNER.sign(r -> extra.apply(r.identity(AwsCredentialsIdentity.create(accessKey, secret))
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesis")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-3")
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(SIGNED_AT, ZoneOffset.UTC))));
        SdkHttpRequest http = signed.request();
        return new SignedRequest(
                http.method().name(),
                http.encodedPath(),
                http.encodedQueryParameters().orElse(null),
                new LinkedHashMap<>(http.headers()),
                body);
    }

    /**
     * Signs with the SDK's older {@code Aws4Signer}, which, like botocore (the AWS CLI), declares no
     * {@code x-amz-content-sha256}: the body's hash is then only inside the canonical request.
     */
    @SuppressWarnings("deprecation")
    static SignedRequest signWithoutDeclaredPayloadHash(String target, byte[] body) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://localhost:4567/"))
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", target)
                .contentStreamProvider(ContentStreamProvider.fromByteArrayUnsafe(body))
                .build();
        SdkHttpFullRequest signed = Aws4Signer.create()
                .sign(
                        request,
                        Aws4SignerParams.builder()
                                .awsCredentials(AwsBasicCredentials.create(ACCESS_KEY, SECRET))
                                .signingName("kinesis")
                                .signingRegion(Region.of("eu-west-3"))
                                .signingClockOverride(Clock.fixed(SIGNED_AT, ZoneOffset.UTC))
                                .build());
        return new SignedRequest(
                signed.method().name(),
                signed.encodedPath(),
                signed.encodedQueryParameters().orElse(null),
                new LinkedHashMap<>(signed.headers()),
                body);
    }

    /** The same request with one header replaced (by exact name, then added in the given case). */
    static SignedRequest withHeader(SignedRequest request, String name, String value) {
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        headers.put(name, List.of(value));
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers, request.body());
    }

    static SignedRequest withBody(SignedRequest request, byte[] body) {
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), request.headers(), body);
    }

    static String header(SignedRequest request, String name) {
        return request.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0))
                .findFirst()
                .orElse(null);
    }
}
