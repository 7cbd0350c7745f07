package io.millrace.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real AWS CLI v2 (Debian's awscli at /usr/bin/aws; the pyenv `aws` on PATH is v1) against an endpoint. */
public final class AwsCli {

    public static final Path BINARY = Path.of("/usr/bin/aws");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String endpoint;
    private final Path home;

    public AwsCli(String endpoint, Path home) {
        this.endpoint = endpoint;
        this.home = home;
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public JsonNode json() throws IOException {
            return JSON.readTree(stdout);
        }
    }

    /** Fails the test class, saying how to install it, unless the AWS CLI v2 is there. */
    public static void requireV2() throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("[AWS CLI v2: apt-get install -y awscli] " + BINARY + " is not executable");
        }
        String version = version();
        if (!version.startsWith("aws-cli/2.")) {
            throw new AssertionError("[aws --version] expected aws-cli/2.*, got: " + version);
        }
    }

    /** What {@code aws --version} prints, e.g. {@code aws-cli/2.9.19 Python/3.11.2 ...}. */
    public static String version() throws Exception {
        Process process = new ProcessBuilder(BINARY.toString(), "--version")
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws --version did not finish in 60 s");
        }
        return out;
    }

    public Result kinesis(String... args) throws Exception {
        return call(endpoint, "kinesis", args);
    }

    public Result firehose(String... args) throws Exception {
        return call(endpoint, "firehose", args);
    }

    /** Any service at any endpoint, e.g. {@code s3} at the platform's S3 store. */
    public Result call(String endpointUrl, String service, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of(BINARY.toString(), "--endpoint-url", endpointUrl, "--output", "json", service));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_PAGER", "");
        // Nothing from the machine's own AWS setup may change what this test sends.
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.remove("AWS_PROFILE");
        Path out = Files.createTempFile(home, "aws", ".out");
        Path err = Files.createTempFile(home, "aws", ".err");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
