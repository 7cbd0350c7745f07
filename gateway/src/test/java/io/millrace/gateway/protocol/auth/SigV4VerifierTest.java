package io.millrace.gateway.protocol.auth;

import static io.millrace.gateway.protocol.auth.SdkSigning.ACCESS_KEY;
import static io.millrace.gateway.protocol.auth.SdkSigning.SECRET;
import static io.millrace.gateway.protocol.auth.SdkSigning.SIGNED_AT;
import static io.millrace.gateway.protocol.auth.SdkSigning.header;
import static io.millrace.gateway.protocol.auth.SdkSigning.post;
import static io.millrace.gateway.protocol.auth.SdkSigning.presign;
import static io.millrace.gateway.protocol.auth.SdkSigning.sign;
import static io.millrace.gateway.protocol.auth.SdkSigning.withBody;
import static io.millrace.gateway.protocol.auth.SdkSigning.withHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.millrace.gateway.protocol.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SigV4VerifierTest {

    private static final String JSON = "application/x-amz-json-1.1";
    private static final String CBOR = "application/x-amz-cbor-1.1";
    private static final String PUT_RECORD = "Kinesis_20131202.PutRecord";
    private static final byte[] JSON_BODY =
            "{\"StreamName\":\"orders\",\"PartitionKey\":\"k\",\"Data\":\"aGVsbG8=\"}".getBytes(StandardCharsets.UTF_8);
    private static final String MISMATCH = "The request signature we calculated does not match the signature you"
            + " provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for"
            + " details.";

    private final SigV4Verifier verifier = verifierAt(SIGNED_AT.plusSeconds(3));

    private static SigV4Verifier verifierAt(Instant now) {
        return Verifiers.signed(
                Map.of(ACCESS_KEY, SECRET, "AKIAOTHER", "other-secret"), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static ApiException rejected(ThrowingCallable call) {
        ApiException error = catchThrowableOfType(ApiException.class, call);
        assertThat(error).as("expected an ApiException").isNotNull();
        assertThat(error.status()).isEqualTo(400);
        return error;
    }

    private static SignedRequest signedJson() {
        return sign(post("/", PUT_RECORD, JSON), JSON_BODY, ACCESS_KEY, SECRET);
    }

    @Test
    void jsonRequestSignedBySdkIsAccepted() {
        CallerIdentity caller = verifier.verify(signedJson());
        assertThat(caller).isEqualTo(Verifiers.caller(ACCESS_KEY, "eu-west-3", "kinesis"));
    }

    @Test
    void awsPublishedTestSuiteSignaturesVerify() {
        // get-vanilla and get-vanilla-query-order-key-case from AWS's SigV4 test suite: an answer computed by AWS,
        // independent of any SDK's signer.
        SigV4Verifier suite = Verifiers.signed(
                Map.of("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC));
        String credential = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                + " SignedHeaders=host;x-amz-date, Signature=";
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("example.amazonaws.com"));
        headers.put("X-Amz-Date", List.of("20150830T123600Z"));

        headers.put(
                "Authorization",
                List.of(credential + "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
        assertThat(suite.verify(new SignedRequest("GET", "/", null, headers, null)))
                .isEqualTo(Verifiers.caller("AKIDEXAMPLE", "us-east-1", "service"));

        headers.put(
                "Authorization",
                List.of(credential + "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"));
        assertThat(suite.verify(new SignedRequest("GET", "/", "Param2=value2&Param1=value1", headers, null))
                        .accessKeyId())
                .isEqualTo("AKIDEXAMPLE");
    }

    @Test
    void binaryCborBodyIsAccepted() throws Exception {
        byte[] data = new byte[256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i; // every byte value, including ones invalid in UTF-8
        }
        byte[] body =
                new CBORMapper().writeValueAsBytes(Map.of("StreamName", "orders", "PartitionKey", "k", "Data", data));
        SignedRequest request = sign(post("/", PUT_RECORD, CBOR), body, ACCESS_KEY, SECRET);

        assertThat(verifier.verify(request).accessKeyId()).isEqualTo(ACCESS_KEY);

        byte[] flipped = body.clone();
        flipped[body.length - 1] ^= 1;
        assertThat(rejected(() -> verifier.verify(withBody(request, flipped))).type())
                .isEqualTo("InvalidSignatureException");
    }

    @Test
    void headerNamesInAnyCaseAndUntidyValuesAreAccepted() {
        SignedRequest signed = sign(
                post("/", PUT_RECORD, JSON)
                        .putHeader("X-Custom", "  two   spaces\tand tab  ")
                        .appendHeader("X-Repeated", "first")
                        .appendHeader("X-Repeated", "second"),
                JSON_BODY,
                ACCESS_KEY,
                SECRET);
        assertThat(header(signed, "Authorization")).contains("x-custom").contains("x-repeated");

        // Proxies and servers change header-name case; SigV4 signs names lower-cased.
        Map<String, List<String>> oddCase = new LinkedHashMap<>();
        signed.headers().forEach((name, values) -> oddCase.put(flipCase(name), values));
        SignedRequest received =
                new SignedRequest(signed.method(), signed.rawPath(), signed.rawQuery(), oddCase, signed.body());

        assertThat(verifier.verify(received).accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    @Test
    void queryStringIsPartOfTheSignature() {
        SignedRequest signed =
                sign(post("/?b=2&a=x%20y&a=%2B&c=caf%C3%A9&flag", PUT_RECORD, JSON), JSON_BODY, ACCESS_KEY, SECRET);
        assertThat(signed.rawQuery()).isNotEmpty();
        assertThat(verifier.verify(signed).accessKeyId()).isEqualTo(ACCESS_KEY);

        SignedRequest tampered = new SignedRequest(
                signed.method(),
                signed.rawPath(),
                signed.rawQuery().replace("b=2", "b=3"),
                signed.headers(),
                signed.body());
        assertThat(rejected(() -> verifier.verify(tampered)).getMessage()).isEqualTo(MISMATCH);
    }

    @Test
    void encodedPathIsPartOfTheSignature() {
        SignedRequest signed = sign(post("/some%20path/x", PUT_RECORD, JSON), JSON_BODY, ACCESS_KEY, SECRET);
        assertThat(verifier.verify(signed).accessKeyId()).isEqualTo(ACCESS_KEY);

        SignedRequest moved = new SignedRequest(
                signed.method(), "/other%20path/x", signed.rawQuery(), signed.headers(), signed.body());
        assertThat(rejected(() -> verifier.verify(moved)).type()).isEqualTo("InvalidSignatureException");
    }

    @Test
    void wrongSecretIsRejected() {
        SignedRequest request = sign(post("/", PUT_RECORD, JSON), JSON_BODY, ACCESS_KEY, "not-the-secret");
        ApiException error = rejected(() -> verifier.verify(request));
        assertThat(error.type()).isEqualTo("InvalidSignatureException");
        assertThat(error.getMessage()).isEqualTo(MISMATCH);
    }

    @Test
    void anotherKeysSecretIsRejected() {
        SignedRequest request = sign(post("/", PUT_RECORD, JSON), JSON_BODY, ACCESS_KEY, "other-secret");
        assertThat(rejected(() -> verifier.verify(request)).getMessage()).isEqualTo(MISMATCH);
    }

    @Test
    void unknownAccessKeyIsUnrecognized() {
        SignedRequest request = sign(post("/", PUT_RECORD, JSON), JSON_BODY, "AKIAUNKNOWN", SECRET);
        ApiException error = rejected(() -> verifier.verify(request));
        assertThat(error.type()).isEqualTo("UnrecognizedClientException");
        assertThat(error.getMessage()).isEqualTo("The security token included in the request is invalid.");
    }

    @Test
    void tamperedBodyIsRejected() {
        byte[] tampered = new String(JSON_BODY, StandardCharsets.UTF_8)
                .replace("orders", "ORDERS")
                .getBytes(StandardCharsets.UTF_8);
        ApiException error = rejected(() -> verifier.verify(withBody(signedJson(), tampered)));
        assertThat(error.type()).isEqualTo("InvalidSignatureException");
        assertThat(error.getMessage()).isEqualTo(MISMATCH);
    }

    @Test
    void bodyHashIsSignedEvenWhenNotDeclaredInAHeader() {
        SignedRequest signed = SdkSigning.signWithoutDeclaredPayloadHash(PUT_RECORD, JSON_BODY);
        assertThat(header(signed, "x-amz-content-sha256")).isNull();
        assertThat(verifier.verify(signed).accessKeyId()).isEqualTo(ACCESS_KEY);

        byte[] tampered = new String(JSON_BODY, StandardCharsets.UTF_8)
                .replace("orders", "ORDERS")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(rejected(() -> verifier.verify(withBody(signed, tampered))).getMessage())
                .isEqualTo(MISMATCH);
    }

    @Test
    void declaredPayloadHashMustBeTheBodys() {
        SignedRequest signed = sign(
                post("/", PUT_RECORD, JSON).putHeader("x-amz-content-sha256", SigningKeys.sha256Hex(JSON_BODY)),
                JSON_BODY,
                ACCESS_KEY,
                SECRET);
        assertThat(verifier.verify(signed).accessKeyId()).isEqualTo(ACCESS_KEY);

        // The header still matches what was signed, but the body does not match the header.
        byte[] tampered = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(rejected(() -> verifier.verify(withBody(signed, tampered))).type())
                .isEqualTo("InvalidSignatureException");
    }

    @Test
    void tamperedSignedHeaderIsRejected() {
        SignedRequest tampered = withHeader(signedJson(), "X-Amz-Target", "Kinesis_20131202.DeleteStream");
        ApiException error = rejected(() -> verifier.verify(tampered));
        assertThat(error.type()).isEqualTo("InvalidSignatureException");
        assertThat(error.getMessage()).isEqualTo(MISMATCH);
    }

    @Test
    void unsignedHeadersMayChange() {
        SignedRequest request = withHeader(signedJson(), "User-Agent", "changed-by-a-proxy");
        assertThat(verifier.verify(request).accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    @Test
    void expiredSignatureIsRejectedInAwsWords() {
        SigV4Verifier later = verifierAt(SIGNED_AT.plus(Duration.ofMinutes(16)));
        ApiException error = rejected(() -> later.verify(signedJson()));
        assertThat(error.type()).isEqualTo("InvalidSignatureException");
        assertThat(error.getMessage())
                .isEqualTo("Signature expired: 20261125T220000Z is now earlier than"
                        + " 20261125T220100Z (20261125T221600Z - 15 min.)");
    }

    @Test
    void signatureFromTheFutureIsRejectedInAwsWords() {
        SigV4Verifier earlier = verifierAt(SIGNED_AT.minus(Duration.ofMinutes(20)));
        ApiException error = rejected(() -> earlier.verify(signedJson()));
        assertThat(error.type()).isEqualTo("InvalidSignatureException");
        assertThat(error.getMessage())
                .isEqualTo("Signature not yet current: 20261125T220000Z is still later than"
                        + " 20261125T215500Z (20261125T214000Z + 15 min.)");
    }

    @Test
    void clockSkewUpToFifteenMinutesIsTolerated() {
        assertThat(verifierAt(SIGNED_AT.plus(Duration.ofMinutes(15))).verify(signedJson()))
                .isNotNull();
        assertThat(verifierAt(SIGNED_AT.minus(Duration.ofMinutes(15))).verify(signedJson()))
                .isNotNull();
        assertThat(rejected(() -> verifierAt(
                                        SIGNED_AT.plus(Duration.ofMinutes(15)).plusSeconds(1))
                                .verify(signedJson()))
                        .getMessage())
                .startsWith("Signature expired: ");
    }

    @Test
    void missingAuthorizationIsRejectedWhenCredentialsAreConfigured() {
        SignedRequest unsigned = new SignedRequest(
                "POST",
                "/",
                null,
                Map.of("Content-Type", List.of(JSON), "X-Amz-Target", List.of(PUT_RECORD)),
                JSON_BODY);
        ApiException error = rejected(() -> verifier.verify(unsigned));
        assertThat(error.type()).isEqualTo("MissingAuthenticationTokenException");
        assertThat(error.getMessage()).isEqualTo("Missing Authentication Token");

        SignedRequest bearer = withHeader(unsigned, "Authorization", "Bearer abc");
        assertThat(rejected(() -> verifier.verify(bearer)).type()).isEqualTo("MissingAuthenticationTokenException");
    }

    @Test
    void openModeAcceptsUnsignedAndReadsTheRegionOfSignedRequests() {
        SigV4Verifier open = Verifiers.open(Clock.fixed(SIGNED_AT.plus(Duration.ofDays(2)), ZoneOffset.UTC));
        SignedRequest unsigned = new SignedRequest("POST", "/", null, Map.of(), JSON_BODY);
        assertThat(open.verify(unsigned)).isEqualTo(Verifiers.caller(null, null, null));

        // Any secret, any key, any age: only the scope is read.
        SignedRequest signed = sign(post("/", PUT_RECORD, JSON), JSON_BODY, "AKIAANYONE", "whatever");
        assertThat(open.verify(signed)).isEqualTo(Verifiers.caller("AKIAANYONE", "eu-west-3", "kinesis"));

        SignedRequest malformed = withHeader(signed, "Authorization", "AWS4-HMAC-SHA256 Credential=a/b");
        assertThat(rejected(() -> open.verify(malformed)).type()).isEqualTo("IncompleteSignatureException");
    }

    @Test
    void malformedAuthorizationNamesWhatIsMissing() {
        String authorization = "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/20261125/eu-west-3/kinesis/aws4_request";
        ApiException error = rejected(() -> verifier.verify(withHeader(signedJson(), "Authorization", authorization)));
        assertThat(error.type()).isEqualTo("IncompleteSignatureException");
        assertThat(error.getMessage())
                .isEqualTo("Authorization header requires 'Signature' parameter."
                        + " Authorization header requires 'SignedHeaders' parameter. Authorization=" + authorization);
    }

    @Test
    void authorizationWithoutEqualSignIsRejected() {
        String authorization = "AWS4-HMAC-SHA256 Credential " + ACCESS_KEY + ", SignedHeaders=host, Signature=00";
        ApiException error = rejected(() -> verifier.verify(withHeader(signedJson(), "Authorization", authorization)));
        assertThat(error.type()).isEqualTo("IncompleteSignatureException");
        assertThat(error.getMessage())
                .isEqualTo("'Credential " + ACCESS_KEY + "' not a valid key=value pair"
                        + " (missing equal-sign) in Authorization header: '" + authorization + "'.");
    }

    @Test
    void missingDateIsRejected() {
        SignedRequest signed = signedJson();
        Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
        headers.keySet().removeIf(name -> name.equalsIgnoreCase("X-Amz-Date"));
        ApiException error = rejected(() -> verifier.verify(
                new SignedRequest(signed.method(), signed.rawPath(), signed.rawQuery(), headers, signed.body())));
        assertThat(error.type()).isEqualTo("IncompleteSignatureException");
        assertThat(error.getMessage())
                .startsWith(
                        "Authorization header requires existence of either a 'X-Amz-Date'" + " or a 'Date' header.");
    }

    @Test
    void malformedCredentialAndAlgorithmAreRejected() {
        String signedHeaders = ", SignedHeaders=host;x-amz-date, Signature=00";
        ApiException shortCredential = rejected(() -> verifier.verify(withHeader(
                signedJson(),
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/20261125/kinesis/aws4_request" + signedHeaders)));
        assertThat(shortCredential.type()).isEqualTo("IncompleteSignatureException");
        assertThat(shortCredential.getMessage()).startsWith("Credential must have exactly 5 slash-delimited elements");

        ApiException algorithm = rejected(() -> verifier.verify(withHeader(
                signedJson(),
                "Authorization",
                "AWS4-HMAC-SHA512 Credential=" + ACCESS_KEY + "/20261125/eu-west-3/kinesis/aws4_request"
                        + signedHeaders)));
        assertThat(algorithm.type()).isEqualTo("IncompleteSignatureException");
        assertThat(algorithm.getMessage()).startsWith("Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'");

        ApiException scope = rejected(() -> verifier.verify(withHeader(
                signedJson(),
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/20261124/eu-west-3/kinesis/aws5_request"
                        + signedHeaders)));
        assertThat(scope.type()).isEqualTo("InvalidSignatureException");
        assertThat(scope.getMessage())
                .isEqualTo("Credential should be scoped with a valid terminator:"
                        + " 'aws4_request', not 'aws5_request'. Date in Credential scope does not match YYYYMMDD from"
                        + " ISO-8601 version of date from HTTP: '20261124' != '20261125', from '20261125T220000Z'.");
    }

    @Test
    void hostMustBeSigned() {
        SignedRequest signed = signedJson();
        String authorization = header(signed, "Authorization")
                .replaceFirst("SignedHeaders=[^,]*", "SignedHeaders=x-amz-date;x-amz-target");
        ApiException error = rejected(() -> verifier.verify(withHeader(signed, "Authorization", authorization)));
        assertThat(error.type()).isEqualTo("InvalidSignatureException");
        assertThat(error.getMessage()).contains("'Host'").contains("must be a 'SignedHeader'");
    }

    @Test
    void signedHeaderAbsentFromRequestIsRejected() {
        SignedRequest signed = signedJson();
        Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
        headers.keySet().removeIf(name -> name.equalsIgnoreCase("X-Amz-Target"));
        ApiException error = rejected(() -> verifier.verify(
                new SignedRequest(signed.method(), signed.rawPath(), signed.rawQuery(), headers, signed.body())));
        assertThat(error.type()).isEqualTo("IncompleteSignatureException");
        assertThat(error.getMessage())
                .isEqualTo(
                        "'x-amz-target' is named as a SignedHeader, but it does not exist" + " in the HTTP request.");
    }

    @Test
    void hostMayArriveAsHttp2Authority() {
        SignedRequest signed = signedJson();
        Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
        List<String> host = headers.remove("Host");
        assertThat(host).as("the SDK signs a Host header").isNotNull();
        headers.put(":authority", host);
        assertThat(verifier.verify(new SignedRequest(
                                signed.method(), signed.rawPath(), signed.rawQuery(), headers, signed.body()))
                        .accessKeyId())
                .isEqualTo(ACCESS_KEY);
    }

    @Test
    void presignedRequestIsAccepted() {
        SignedRequest presigned = presign(post("/", PUT_RECORD, JSON), JSON_BODY, Duration.ofMinutes(60));
        assertThat(header(presigned, "Authorization")).isNull();
        assertThat(presigned.rawQuery()).contains("X-Amz-Signature=");

        SigV4Verifier fiftyMinutesLater = verifierAt(SIGNED_AT.plus(Duration.ofMinutes(50)));
        assertThat(fiftyMinutesLater.verify(presigned)).isEqualTo(Verifiers.caller(ACCESS_KEY, "eu-west-3", "kinesis"));

        ApiException expired = rejected(
                () -> verifierAt(SIGNED_AT.plus(Duration.ofMinutes(61))).verify(presigned));
        // Past X-Amz-Expires AWS refuses the request rather than the signature.
        assertThat(expired.type()).isEqualTo("AccessDeniedException");
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.getMessage()).isEqualTo("Request has expired");
        assertThat(verifierAt(SIGNED_AT.plus(Duration.ofMinutes(60))).verify(presigned))
                .isNotNull();

        SignedRequest otherBody = withBody(presigned, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(rejected(() -> verifier.verify(otherBody)).getMessage()).isEqualTo(MISMATCH);
    }

    @Test
    void headerAndQuerySignaturesTogetherAreRejected() {
        SignedRequest presigned = presign(post("/", PUT_RECORD, JSON), JSON_BODY, Duration.ofMinutes(5));
        SignedRequest both = withHeader(presigned, "Authorization", header(signedJson(), "Authorization"));
        assertThat(rejected(() -> verifier.verify(both)).type()).isEqualTo("InvalidSignatureException");
    }

    private static String flipCase(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(i % 2 == 0 ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return out.toString();
    }
}
