package io.millrace.bench.jmh;

import io.millrace.gateway.access.AuthMode;
import io.millrace.gateway.access.KeyDirectory;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.SigningCredential;
import io.millrace.gateway.protocol.WireFormat;
import io.millrace.gateway.protocol.auth.CallerIdentity;
import io.millrace.gateway.protocol.auth.SigV4Verifier;
import io.millrace.gateway.protocol.auth.SignedRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * What signed mode adds to a call before the action runs: the SigV4 check of a PutRecords request the size of
 * {@code records} records of 1 KiB in CBOR, signed by the AWS SDK's own signer, in open mode (the credential scope read, no
 * check) and in signed mode (canonical request, SHA-256 of the body, HMAC with the cached signing key). Compare with
 * {@link WireCodecBenchmark}'s decoding of the same body.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignatureBenchmark {

    private static final String ACCESS_KEY = "AKIAMILLRACEBENCH001";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYMILLRACEKEY";
    private static final Instant SIGNED_AT = Instant.parse("2026-12-06T22:00:00Z");

    private static final int RECORD_BYTES_IN_CBOR = 1024 + 40;

    @Param({"1", "500"})
    public int records;

    private SignedRequest request;
    private SigV4Verifier open;
    private SigV4Verifier signed;

    @Setup
    public void setUp() {
        // The check hashes the body's bytes whatever they encode: as many as a CBOR PutRecords body of that many
        // records of 1 KiB (each with its partition key and CBOR framing) weighs.
        byte[] body = new byte[records * RECORD_BYTES_IN_CBOR];
        new SplittableRandom(7).nextBytes(body);
        request = sign(body);
        Principal root = Principal.root("000000000000");
        KeyDirectory keys = (accessKeyId, token) -> ACCESS_KEY.equals(accessKeyId)
                ? Optional.of(SigningCredential.longTerm(ACCESS_KEY, SECRET, root))
                : Optional.empty();
        Clock clock = Clock.fixed(SIGNED_AT.plusSeconds(1), ZoneOffset.UTC);
        open = new SigV4Verifier(AuthMode.OPEN, keys, root, clock);
        signed = new SigV4Verifier(AuthMode.SIGNED, keys, root, clock);
    }

    private static SignedRequest sign(byte[] body) {
        SdkHttpRequest http = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(ACCESS_KEY, SECRET))
                        .request(SdkHttpRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .uri(URI.create("http://127.0.0.1:4567/"))
                                .putHeader("Content-Type", WireFormat.CBOR.contentType())
                                .putHeader("X-Amz-Target", "Kinesis_20131202.PutRecords")
                                .build())
                        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesis")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(SIGNED_AT, ZoneOffset.UTC)))
                .request();
        return new SignedRequest(
                http.method().name(),
                http.encodedPath(),
                http.encodedQueryParameters().orElse(""),
                new LinkedHashMap<>(http.headers()),
                body);
    }

    @Benchmark
    public CallerIdentity verifyOpen() {
        return open.verify(request);
    }

    @Benchmark
    public CallerIdentity verifySigned() {
        return signed.verify(request);
    }
}
