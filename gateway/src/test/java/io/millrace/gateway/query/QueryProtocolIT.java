package io.millrace.gateway.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.millrace.gateway.Gateway;
import io.millrace.gateway.access.AccessControl;
import io.millrace.gateway.access.Decision;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.SigningCredential;
import io.millrace.gateway.config.GatewayConfig;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The Query protocol end to end: a real gateway serving STS- and IAM-shaped stand-ins ({@link QueryStandIns}) to the
 * AWS SDK for Java v2's StsClient and IamClient, the AWS CLI v2, boto3, and raw HTTP for what no SDK sends; in open
 * mode, and in signed mode with a key directory and an authorizer.
 */
class QueryProtocolIT {

    private static final String ACCOUNT = "000000000000";
    private static final String ROOT_KEY = "AKIAQUERYROOT0000001";
    private static final String ROOT_SECRET = "root/secret+with=chars";
    private static final String ALICE_KEY = "AKIAQUERYALICE000001";
    private static final String ALICE_SECRET = "alice-secret";
    private static final Principal ALICE = new Principal(
            "arn:aws:iam::" + ACCOUNT + ":user/alice",
            "arn:aws:iam::" + ACCOUNT + ":user/alice",
            ACCOUNT,
            "AIDAQUERYALICE",
            "alice",
            Principal.Type.USER);
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String FAULT_NAMESPACE = "http://webservices.amazon.com/AWSFault/2005-15-09";

    private static Gateway open;
    private static Gateway signed;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws InterruptedException {
        open = Gateway.start(config(Map.of(GatewayConfig.AUTH_MODE, "open")), List.of(new QueryStandIns()));
        // Signed mode: the root's key from the configuration; Alice's from the directory, allowed STS but not IAM.
        AccessControl access = new AccessControl(
                (key, token) -> ALICE_KEY.equals(key)
                        ? Optional.of(SigningCredential.longTerm(ALICE_KEY, ALICE_SECRET, ALICE))
                        : Optional.empty(),
                (principal, context, request) -> request.action().startsWith("sts:")
                        ? Decision.ALLOW
                        : Decision.deny("because no identity-based policy allows the " + request.action() + " action"));
        signed = Gateway.start(
                config(Map.of(
                        GatewayConfig.AUTH_MODE, "signed", GatewayConfig.CREDENTIALS, ROOT_KEY + ":" + ROOT_SECRET)),
                List.of(new QueryStandIns()),
                access);
    }

    @AfterAll
    static void stop() {
        if (open != null) {
            open.close();
        }
        if (signed != null) {
            signed.close();
        }
    }

    private static GatewayConfig config(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>(Map.of(
                GatewayConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9",
                GatewayConfig.PORT, "0",
                GatewayConfig.IO_THREADS, "2"));
        props.putAll(overrides);
        return new GatewayConfig(props);
    }

    private static URI endpoint(Gateway gateway) {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    private static StaticCredentialsProvider credentials(String key, String secret) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret));
    }

    private static StsClient sts(Gateway gateway, String key, String secret) {
        return StsClient.builder()
                .endpointOverride(endpoint(gateway))
                .region(Region.EU_WEST_1)
                .credentialsProvider(credentials(key, secret))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(s -> s.maxAttempts(1)))
                .build();
    }

    private static IamClient iam(Gateway gateway, String key, String secret) {
        return IamClient.builder()
                .endpointOverride(endpoint(gateway))
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials(key, secret))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(s -> s.maxAttempts(1)))
                .build();
    }

    @Test
    void theStsClientReadsNestedStructuresAndTimestampsAndSendsListsInOrder() {
        try (StsClient sts = sts(open, "AKIAANYKEY", "any-secret")) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            assertThat(identity.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":root");
            assertThat(identity.account()).isEqualTo(ACCOUNT);
            assertThat(identity.userId()).isEqualTo(ACCOUNT);

            Instant before = Instant.now();
            AssumeRoleResponse assumed = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + ACCOUNT + ":role/reader")
                    .roleSessionName("s1")
                    .durationSeconds(900)
                    .tags(
                            t -> t.key("team").value("data eng"),
                            t -> t.key("note").value(QueryStandIns.TRICKY),
                            t -> t.key("cost+center").value("42"))
                    .policyArns(
                            p -> p.arn("arn:aws:iam::aws:policy/ReadOnlyAccess"),
                            p -> p.arn("arn:aws:iam::" + ACCOUNT + ":policy/extra")));

            assertThat(assumed.credentials().accessKeyId()).isEqualTo("ASIASTANDIN");
            assertThat(assumed.credentials().secretAccessKey()).isEqualTo("secret/s1");
            assertThat(assumed.credentials().sessionToken()).isEqualTo("token+s1");
            assertThat(assumed.credentials().expiration())
                    .isBetween(before.plusSeconds(899), Instant.now().plusSeconds(901));
            assertThat(assumed.assumedRoleUser().arn())
                    .isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/reader/s1");
            assertThat(assumed.assumedRoleUser().assumedRoleId()).isEqualTo("AROASTANDIN:s1");
            assertThat(assumed.packedPolicySize()).isEqualTo(3);
            assertThat(assumed.sourceIdentity())
                    .isEqualTo("team=data eng,note=" + QueryStandIns.TRICKY + ",cost+center=42"
                            + "|arn:aws:iam::aws:policy/ReadOnlyAccess,arn:aws:iam::" + ACCOUNT + ":policy/extra");
        }
    }

    @Test
    void theIamClientReadsListsMapsBooleansAndAnAnswerWithoutResult() {
        try (IamClient iam = iam(open, "AKIAANYKEY", "any-secret")) {
            var tags = iam.listRoleTags(r -> r.roleName("reader"));
            assertThat(tags.tags())
                    .containsExactly(
                            Tag.builder()
                                    .key("team")
                                    .value(QueryStandIns.TRICKY)
                                    .build(),
                            Tag.builder().key("role").value("reader").build());
            assertThat(tags.isTruncated()).isFalse();

            assertThat(iam.getAccountSummary().summaryMapAsStrings()).isEqualTo(Map.of("Users", 3, "Roles", 7));
            assertThat(iam.deleteRole(r -> r.roleName("reader"))
                            .sdkHttpResponse()
                            .isSuccessful())
                    .isTrue();
        }
    }

    @Test
    void theSdksReadErrorsCodeStatusMessageAndRequestId() {
        try (StsClient sts = sts(open, "AKIAANYKEY", "any-secret");
                IamClient iam = iam(open, "AKIAANYKEY", "any-secret")) {
            assertThatThrownBy(() -> sts.decodeAuthorizationMessage(r -> r.encodedMessage("x")))
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAuthorizationMessageException");
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("Not a message: " + QueryStandIns.TRICKY);
                        String requestId = e.awsErrorDetails()
                                .sdkHttpResponse()
                                .firstMatchingHeader("x-amzn-RequestId")
                                .orElseThrow();
                        assertThat(e.requestId()).isEqualTo(requestId);
                        assertThat(e.awsErrorDetails().rawResponse().asUtf8String())
                                .contains("<RequestId>" + requestId + "</RequestId>");
                    });
            assertThatThrownBy(() -> iam.getRole(r -> r.roleName("missing")))
                    .isInstanceOfSatisfying(NoSuchEntityException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(404);
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("The role with name missing cannot be found.");
                    });
            assertThatThrownBy(() -> iam.listUsers()).isInstanceOfSatisfying(IamException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAction");
                assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Could not find operation ListUsers for version 2010-05-08");
            });
        }
    }

    @Test
    void rawFormsAnswerWithAwsQueryErrors() throws Exception {
        // The namespace is that of the API the version names, AWS's fault namespace when it names none.
        assertError(
                post(open, "Version=2011-06-15"),
                400,
                "MissingAction",
                "Missing Action",
                QueryStandIns.STS.xmlNamespace());
        assertError(post(open, "DurationSeconds=900"), 400, "MissingAction", "Missing Action", FAULT_NAMESPACE);
        assertError(
                post(open, "Action=GetCallerIdentity"),
                400,
                "InvalidAction",
                "Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED",
                FAULT_NAMESPACE);
        assertError(
                post(open, "Action=GetCallerIdentity&Version=2000-01-01"),
                400,
                "InvalidAction",
                "Could not find operation GetCallerIdentity for version 2000-01-01",
                FAULT_NAMESPACE);
        assertError(
                post(open, "Action=NoSuchAction&Version=2011-06-15"),
                400,
                "InvalidAction",
                "Could not find operation NoSuchAction for version 2011-06-15",
                QueryStandIns.STS.xmlNamespace());
        assertError(
                post(open, "Action=AssumeRole&Version=2011-06-15&RoleArn=%zz"),
                400,
                "InvalidQueryParameter",
                "Malformed percent-encoding in the request's parameters: '%zz'",
                FAULT_NAMESPACE);
        assertError(
                post(open, "Action=AssumeRole&Version=2011-06-15&Tags.member.first.Key=a"),
                400,
                "InvalidQueryParameter",
                "Parameter Tags.member.first.Key has an index that is not a number: 'first'",
                FAULT_NAMESPACE);
    }

    @Test
    void aGetFormAndAFormWithACharsetAreServed() throws Exception {
        HttpResponse<String> get = HTTP.send(
                HttpRequest.newBuilder(URI.create(endpoint(open) + "/?Action=GetCallerIdentity&Version=2011-06-15"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("Content-Type")).hasValue("text/xml");
        Document answer = xml(get.body());
        assertThat(answer.getDocumentElement().getLocalName()).isEqualTo("GetCallerIdentityResponse");
        assertThat(answer.getDocumentElement().getNamespaceURI()).isEqualTo(QueryStandIns.STS.xmlNamespace());
        assertThat(text(answer, "Arn")).isEqualTo("arn:aws:iam::" + ACCOUNT + ":root");
        assertThat(text(answer, "RequestId"))
                .isEqualTo(get.headers().firstValue("x-amzn-RequestId").orElseThrow());

        HttpResponse<String> charset = HTTP.send(
                HttpRequest.newBuilder(endpoint(open))
                        .header("Content-Type", FORM + "; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString("Action=DeleteRole&Version=2010-05-08&RoleName=r"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(charset.statusCode()).isEqualTo(200);
        assertThat(xml(charset.body()).getElementsByTagName("DeleteRoleResult").getLength())
                .isZero();
    }

    @Test
    void aBodyTooLargeIsAQueryErrorAndTheJsonPathIsUnchanged() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", open.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + FORM
                            + "\r\nContent-Length: 20000000\r\n\r\nAction=")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: text/xml");
            assertThat(answer).contains("<Code>ValidationError</Code>").contains("exceeds the maximum of");
        }

        HttpResponse<String> json = HTTP.send(
                HttpRequest.newBuilder(endpoint(open))
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .header("X-Amz-Target", "Kinesis_20131202.ListStreams")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        assertThat(json.body()).contains("\"__type\":\"UnknownOperationException\"");
    }

    @Test
    void theAwsCliV2CallsStsAndReadsIamErrors() throws Exception {
        Path cli = Path.of("/usr/bin/aws");
        assumeThat(Files.isExecutable(cli)).as("the AWS CLI v2 at /usr/bin/aws").isTrue();

        Result identity = run(List.of(
                cli.toString(),
                "sts",
                "get-caller-identity",
                "--endpoint-url",
                endpoint(open).toString(),
                "--output",
                "json"));
        assertThat(identity.exit()).as(identity.err()).isZero();
        assertThat(identity.out()).contains("\"Arn\": \"arn:aws:iam::" + ACCOUNT + ":root\"");

        Result missing = run(List.of(
                cli.toString(),
                "iam",
                "get-role",
                "--role-name",
                "nobody",
                "--endpoint-url",
                endpoint(open).toString()));
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err())
                .contains("An error occurred (NoSuchEntity) when calling the GetRole operation: The role with name"
                        + " nobody cannot be found.");
    }

    @Test
    void boto3AssumesARoleWithTagsAndReadsTheExpirationAsADatetime() throws Exception {
        assumeThat(run(List.of("python3", "-c", "import boto3")).exit())
                .as("python3 with boto3")
                .isZero();
        String script = String.join(
                "\n",
                "import boto3, sys",
                "sts = boto3.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1')",
                "r = sts.assume_role(RoleArn='arn:aws:iam::000000000000:role/reader', RoleSessionName='py',",
                "    DurationSeconds=1200, Tags=[{'Key': 'a b', 'Value': '1+1=2 & more'}, {'Key': 'k2', 'Value': 'v2'}],",
                "    PolicyArns=[{'arn': 'arn:aws:iam::aws:policy/A'}])",
                "print(r['SourceIdentity'])",
                "print(type(r['Credentials']['Expiration']).__name__, r['Credentials']['Expiration'].tzinfo is not None)",
                "try:",
                "    sts.decode_authorization_message(EncodedMessage='x')",
                "except sts.exceptions.InvalidAuthorizationMessageException as e:",
                "    print(e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'])");
        Result result = run(List.of("python3", "-c", script, endpoint(open).toString()));

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().lines().toList())
                .containsExactly(
                        "a b=1+1=2 & more,k2=v2|arn:aws:iam::aws:policy/A",
                        "datetime True",
                        "InvalidAuthorizationMessageException 400");
    }

    @Test
    void signedModeAnswersAuthenticationAndAccessErrorsInTheQueryApisCodes() throws Exception {
        try (StsClient root = sts(signed, ROOT_KEY, ROOT_SECRET);
                StsClient wrongSecret = sts(signed, ROOT_KEY, "not-the-secret");
                StsClient unknownKey = sts(signed, "AKIANOBODYKNOWS00001", "secret");
                StsClient alice = sts(signed, ALICE_KEY, ALICE_SECRET);
                IamClient aliceIam = iam(signed, ALICE_KEY, ALICE_SECRET)) {
            assertThat(root.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":root");
            assertThat(alice.getCallerIdentity().arn()).isEqualTo(ALICE.arn());

            assertThatThrownBy(wrongSecret::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                assertThat(e.statusCode()).isEqualTo(403);
                Document body = xml(e.awsErrorDetails().rawResponse().asUtf8String());
                assertThat(body.getDocumentElement().getLocalName()).isEqualTo("ErrorResponse");
                assertThat(body.getDocumentElement().getNamespaceURI()).isEqualTo(QueryStandIns.STS.xmlNamespace());
                assertThat(text(body, "Type")).isEqualTo("Sender");
                assertThat(text(body, "Message")).startsWith("The request signature we calculated does not match");
            });
            assertThatThrownBy(unknownKey::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("The security token included in the request is invalid.");
            });
            assertThatThrownBy(() -> aliceIam.listRoleTags(r -> r.roleName("reader")))
                    .isInstanceOfSatisfying(IamException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("User: " + ALICE.arn() + " is not authorized to perform: iam:ListRoleTags"
                                        + " on resource: * because no identity-based policy allows the"
                                        + " iam:ListRoleTags action");
                    });
        }
        assertError(
                post(signed, "Action=GetCallerIdentity&Version=2011-06-15"),
                403,
                "MissingAuthenticationToken",
                "Request is missing Authentication Token",
                QueryStandIns.STS.xmlNamespace());
    }

    @Test
    void aPresignedGetIsVerifiedOnItsQueryStringWhichTheFormLeavesOut() throws Exception {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(URI.create(endpoint(signed) + "/?Action=GetCallerIdentity&Version=2011-06-15"))
                .build();
        URI presigned = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(ALICE_KEY, ALICE_SECRET))
                        .request(request)
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(
                                AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(1)))
                .request()
                .getUri();
        assertThat(presigned.getRawQuery()).contains("X-Amz-Signature=");

        HttpResponse<String> answer =
                HTTP.send(HttpRequest.newBuilder(presigned).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(text(xml(answer.body()), "Arn")).isEqualTo(ALICE.arn());

        HttpResponse<String> tampered = HTTP.send(
                HttpRequest.newBuilder(URI.create(presigned + "&DurationSeconds=900"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(text(xml(tampered.body()), "Code")).isEqualTo("SignatureDoesNotMatch");
    }

    private static HttpResponse<String> post(Gateway gateway, String form) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(endpoint(gateway))
                        .header("Content-Type", FORM)
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(
            HttpResponse<String> response, int status, String code, String message, String namespace) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/xml");
        Document body = xml(response.body());
        assertThat(body.getDocumentElement().getLocalName()).isEqualTo("ErrorResponse");
        assertThat(body.getDocumentElement().getNamespaceURI()).isEqualTo(namespace);
        assertThat(text(body, "Type")).isEqualTo(status >= 500 ? "Receiver" : "Sender");
        assertThat(text(body, "Code")).isEqualTo(code);
        assertThat(text(body, "Message")).isEqualTo(message);
        assertThat(text(body, "RequestId"))
                .isEqualTo(response.headers().firstValue("x-amzn-RequestId").orElseThrow());
    }

    /** The body as the JDK's namespace-aware parser reads it: it must be well-formed XML. */
    private static Document xml(String body) {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        try {
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("Not well-formed XML: " + body, e);
        }
    }

    private static String text(Document document, String element) {
        return document.getElementsByTagName(element).item(0).getTextContent();
    }

    private record Result(int exit, String out, String err) {}

    /** Runs a client program with dummy credentials in its environment and no profile of this machine's. */
    private static Result run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "AKIACLIENTDUMMY00001");
        env.put("AWS_SECRET_ACCESS_KEY", "dummy-secret");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_PAGER", "");
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        Path out = Files.createTempFile("query-it", ".out");
        Path err = Files.createTempFile("query-it", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Timed out: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
