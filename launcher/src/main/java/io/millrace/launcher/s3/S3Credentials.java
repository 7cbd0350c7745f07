package io.millrace.launcher.s3;

import io.millrace.launcher.datadir.PrivateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's own identity in the embedded S3 store while {@code --expose s3} puts it on the network: SigV2/SigV4
 * requests signed with this key and secret may do everything (IAM's users only what their policies allow). Made at the first such start and kept in an AWS shared
 * credentials file (profile {@value #PROFILE}, readable by its owner only), so the AWS CLI and the SDKs use it as is:
 * {@code AWS_SHARED_CREDENTIALS_FILE=FILE aws --profile millrace-s3 s3 ls --endpoint-url ...}.
 */
public record S3Credentials(String accessKeyId, String secretAccessKey) {

    public static final String PROFILE = "millrace-s3";
    private static final Pattern KEY = Pattern.compile("(?m)^aws_access_key_id\\s*=\\s*(\\S+)\\s*$");
    private static final Pattern SECRET = Pattern.compile("(?m)^aws_secret_access_key\\s*=\\s*(\\S+)\\s*$");

    public S3Credentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    /** The file's credentials, or new random ones written to it first. */
    public static S3Credentials loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Matcher key = KEY.matcher(text);
                Matcher secret = SECRET.matcher(text);
                if (key.find() && secret.find()) {
                    return new S3Credentials(key.group(1), secret.group(1));
                }
            }
            SecureRandom random = new SecureRandom();
            byte[] id = new byte[10];
            byte[] secret = new byte[20];
            random.nextBytes(id);
            random.nextBytes(secret);
            S3Credentials made = new S3Credentials(
                    "MRS3" + HexFormat.of().withUpperCase().formatHex(id).substring(0, 16),
                    HexFormat.of().formatHex(secret));
            made.write(file);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the S3 credentials " + file, e);
        }
    }

    private void write(Path file) throws IOException {
        PrivateFile.write(
                file,
                "# The embedded S3 store's only identity while millrace up --expose s3 puts it on the network.\n"
                        + "[" + PROFILE + "]\n"
                        + "aws_access_key_id = " + accessKeyId + "\n"
                        + "aws_secret_access_key = " + secretAccessKey + "\n");
    }

    @Override
    public String toString() {
        return "S3Credentials[" + accessKeyId + "]";
    }
}
