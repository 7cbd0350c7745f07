package io.millrace.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.lambda.testkit.HttpFunction;
import io.millrace.lambda.testkit.LambdaGateway;
import io.millrace.lambda.testkit.UpperCaseHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.PackageType;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Functions through the official SDK's LambdaClient and the AWS CLI v2 against a real gateway: a URL function served
 * by the test, a Java class function on the classpath, Invoke in its three types, and AWS's errors.
 */
class FunctionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";

    private static LambdaGateway gateway;
    private static HttpFunction echo;

    @BeforeAll
    static void start() throws Exception {
        gateway = LambdaGateway.shared();
        echo = new HttpFunction(event -> event.path("fail").asBoolean()
                ? new HttpFunction.Answer(500, "{\"boom\":true}")
                : HttpFunction.Answer.ok("{\"echo\":" + event + "}"));
    }

    @AfterAll
    static void stop() {
        echo.close();
    }

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void urlFunctionIsInvokedInEveryInvocationType() throws Exception {
        LambdaClient lambda = gateway.lambda();
        String function = name("echo");
        CreateFunctionResponse created = lambda.createFunction(b -> b.functionName(function)
                .role(ROLE)
                .packageType(PackageType.IMAGE)
                .code(c -> c.imageUri(echo.url()))
                .timeout(10));
        assertThat(created.functionArn())
                .isEqualTo("arn:aws:lambda:" + gateway.region() + ":" + gateway.accountId() + ":function:" + function);
        assertThat(created.stateAsString()).isEqualTo("Active");

        InvokeResponse answered =
                lambda.invoke(b -> b.functionName(function).payload(SdkBytes.fromUtf8String("{\"hello\":\"world\"}")));
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.functionError()).isNull();
        assertThat(answered.executedVersion()).isEqualTo("$LATEST");
        assertThat(JSON.readTree(answered.payload().asUtf8String())
                        .at("/echo/hello")
                        .asText())
                .isEqualTo("world");

        InvokeResponse failed =
                lambda.invoke(b -> b.functionName(function).payload(SdkBytes.fromUtf8String("{\"fail\":true}")));
        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(failed.functionError()).isEqualTo("Unhandled");
        assertThat(JSON.readTree(failed.payload().asUtf8String())
                        .get("errorMessage")
                        .asText())
                .contains("HTTP 500");

        String marker = UUID.randomUUID().toString();
        InvokeResponse queued = lambda.invoke(b -> b.functionName(function)
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"marker\":\"" + marker + "\"}")));
        assertThat(queued.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> echo.invocations().stream()
                        .anyMatch(i -> i.event().path("marker").asText().equals(marker)));

        assertThat(lambda.invoke(b -> b.functionName(function).invocationType(InvocationType.DRY_RUN))
                        .statusCode())
                .isEqualTo(204);
        assertThatThrownBy(
                        () -> lambda.invoke(b -> b.functionName(function).payload(SdkBytes.fromUtf8String("not json"))))
                .hasMessageContaining("Could not parse request body into json");
    }

    @Test
    void javaClassFunctionRunsOnThePlatform() throws Exception {
        LambdaClient lambda = gateway.lambda();
        String function = name("upper");
        lambda.createFunction(b -> b.functionName(function)
                .role(ROLE)
                .runtime(Runtime.JAVA17)
                .handler(UpperCaseHandler.class.getName() + "::handleRequest")
                .code(c -> c.zipFile(SdkBytes.fromUtf8String("not a real zip")))
                .environment(e -> e.variables(java.util.Map.of("MODE", "test"))));
        InvokeResponse answered = lambda.invoke(
                b -> b.functionName(function).payload(SdkBytes.fromUtf8String("{\"text\":\"millrace\"}")));
        assertThat(JSON.readTree(answered.payload().asUtf8String()).get("upper").asText())
                .isEqualTo("MILLRACE");
        InvokeResponse failed =
                lambda.invoke(b -> b.functionName(function).payload(SdkBytes.fromUtf8String("{\"text\":\"fail\"}")));
        assertThat(failed.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(failed.payload().asUtf8String());
        assertThat(error.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.get("errorMessage").asText()).isEqualTo("asked to fail");

        FunctionConfiguration configuration =
                lambda.getFunction(b -> b.functionName(function)).configuration();
        assertThat(configuration.runtime()).isEqualTo(Runtime.JAVA17);
        assertThat(configuration.timeout()).isEqualTo(3);
        assertThat(configuration.environment().variables()).containsEntry("MODE", "test");
        assertThat(configuration.codeSha256()).isNotBlank();
    }

    @Test
    void functionsAreListedDeletedAndRefusedAsAwsDoes() {
        LambdaClient lambda = gateway.lambda();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String function = name("listed");
            names.add(function);
            lambda.createFunction(b -> b.functionName(function)
                    .role(ROLE)
                    .packageType(PackageType.IMAGE)
                    .code(c -> c.imageUri(echo.url())));
        }
        List<String> listed = new ArrayList<>();
        lambda.listFunctionsPaginator(b -> b.maxItems(2)).functions().forEach(f -> listed.add(f.functionName()));
        assertThat(listed).containsAll(names);

        assertThatThrownBy(() -> lambda.createFunction(b -> b.functionName(names.get(0))
                        .role(ROLE)
                        .packageType(PackageType.IMAGE)
                        .code(c -> c.imageUri(echo.url()))))
                .isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("Function already exist: " + names.get(0));
        assertThatThrownBy(() -> lambda.createFunction(b -> b.functionName(name("py"))
                        .role(ROLE)
                        .runtime(Runtime.PYTHON3_12)
                        .handler("app.handler")
                        .code(c -> c.zipFile(SdkBytes.fromUtf8String("zip")))))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> lambda.createFunction(b -> b.functionName(name("nojava"))
                        .role(ROLE)
                        .runtime(Runtime.JAVA21)
                        .handler("no.such.Handler")
                        .code(c -> c.zipFile(SdkBytes.fromUtf8String("zip")))))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("no.such.Handler");

        lambda.deleteFunction(b -> b.functionName(names.get(0)));
        assertThatThrownBy(() -> lambda.getFunction(b -> b.functionName(names.get(0))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Function not found");
        assertThatThrownBy(() -> lambda.invoke(b -> b.functionName(names.get(0))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() ->
                        lambda.getFunction(b -> b.functionName(names.get(1)).qualifier("7")))
                .isInstanceOf(ResourceNotFoundException.class);
        // An ARN names the same function.
        assertThat(lambda.getFunction(b -> b.functionName("arn:aws:lambda:" + gateway.region() + ":"
                                + gateway.accountId() + ":function:" + names.get(1)))
                        .configuration()
                        .functionName())
                .isEqualTo(names.get(1));
    }

    @Test
    void awsCliV2CreatesListsAndInvokes(@TempDir Path dir) throws Exception {
        String function = name("cli");
        run(
                dir,
                "lambda",
                "create-function",
                "--function-name",
                function,
                "--role",
                ROLE,
                "--package-type",
                "Image",
                "--code",
                "ImageUri=" + echo.url());
        JsonNode list = JSON.readTree(run(dir, "lambda", "list-functions"));
        assertThat(list.get("Functions").findValuesAsText("FunctionName")).contains(function);
        Path out = dir.resolve("out.json");
        JsonNode invoked = JSON.readTree(run(
                dir,
                "lambda",
                "invoke",
                "--function-name",
                function,
                "--cli-binary-format",
                "raw-in-base64-out",
                "--payload",
                "{\"cli\":1}",
                out.toString()));
        assertThat(invoked.get("StatusCode").asInt()).isEqualTo(200);
        assertThat(JSON.readTree(Files.readString(out)).at("/echo/cli").asInt()).isEqualTo(1);
        String missing = runFailing(dir, "lambda", "get-function", "--function-name", name("missing"));
        assertThat(missing).contains("ResourceNotFoundException");
    }

    private static String run(Path dir, String... args) throws IOException, InterruptedException {
        Process process = cli(dir, args);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(err).isZero();
        return out;
    }

    private static String runFailing(Path dir, String... args) throws IOException, InterruptedException {
        Process process = cli(dir, args);
        process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isNotZero();
        return err;
    }

    private static Process cli(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "/usr/bin/aws",
                "--endpoint-url",
                gateway.endpoint().toString(),
                "--region",
                "us-east-1",
                "--output",
                "json"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", "test");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        builder.environment().put("AWS_PAGER", "");
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().put("HOME", dir.toString());
        return builder.start();
    }
}
