package io.millrace.kms.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a client program (the AWS CLI v2, python3 with boto3) with dummy credentials and no profile of this machine. */
public final class ClientProcess {

    public record Result(int exit, String out, String err) {}

    private ClientProcess() {}

    public static Result run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "AKIACLIENTDUMMY00001");
        env.put("AWS_SECRET_ACCESS_KEY", "dummy-secret");
        env.put("AWS_DEFAULT_REGION", KmsGateway.REGION);
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_PAGER", "");
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        Path out = Files.createTempFile("kms-client", ".out");
        Path err = Files.createTempFile("kms-client", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
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
