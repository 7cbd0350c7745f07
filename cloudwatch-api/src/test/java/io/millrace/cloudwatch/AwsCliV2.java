package io.millrace.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The AWS CLI v2 at /usr/bin/aws (not the v1 first on PATH), with test credentials and its own HOME. */
final class AwsCliV2 {

    private AwsCliV2() {}

    /** {@code aws cloudwatch ARGS} against {@code endpoint}: its JSON output, once it exited with 0. */
    static String cloudwatch(URI endpoint, String... args) throws Exception {
        Process process = start(endpoint, args);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        return out;
    }

    /** The running {@code aws cloudwatch ARGS}, for a test that reads its error. */
    static Process start(URI endpoint, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/aws", "cloudwatch"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", endpoint.toString(), "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Path home = Files.createTempDirectory("aws-cli");
        builder.environment().put("HOME", home.toString());
        builder.environment().put("AWS_ACCESS_KEY_ID", "test");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        builder.environment().put("AWS_PAGER", "");
        return builder.start();
    }
}
