package io.millrace.launcher.kafka;

import io.millrace.launcher.datadir.PrivateFile;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credentials of the exposed Kafka listener, kept in a client properties file readable by its owner only: made
 * at the first start with {@code --expose kafka}, its password kept across restarts (clients keep working), its
 * {@code bootstrap.servers} rewritten when the address or port changes. {@code kafka-console-consumer
 * --consumer.config FILE} and any Kafka client read it as it is.
 */
public final class ScramClientFile {

    public static final String USERNAME = "millrace";
    private static final String JAAS = "sasl.jaas.config";
    private static final Pattern PASSWORD = Pattern.compile("password=\"([A-Za-z0-9_-]+)\"");
    private static final int PASSWORD_BYTES = 24;

    private ScramClientFile() {}

    /** The password of {@link #USERNAME}: the file's, or a new random one, with the file (re)written. */
    static String loadOrCreate(KafkaExposure exposure) {
        Path file = exposure.clientProperties();
        try {
            String password = null;
            if (Files.exists(file)) {
                Properties existing = new Properties();
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    existing.load(reader);
                }
                Matcher kept = PASSWORD.matcher(existing.getProperty(JAAS, ""));
                password = kept.find() ? kept.group(1) : null;
            }
            if (password == null || password.isBlank()) {
                byte[] random = new byte[PASSWORD_BYTES];
                new SecureRandom().nextBytes(random);
                password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            }
            write(file, exposure.bootstrapServers(), password);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Kafka client properties " + file, e);
        }
    }

    private static void write(Path file, String bootstrapServers, String password) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", bootstrapServers);
        properties.setProperty("security.protocol", "SASL_PLAINTEXT");
        properties.setProperty("sasl.mechanism", KafkaExposure.MECHANISM);
        properties.setProperty(
                JAAS,
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USERNAME
                        + "\" password=\"" + password + "\";");
        StringWriter out = new StringWriter();
        properties.store(out, "Kafka clients of the exposed listener of millrace up (--expose kafka)");
        PrivateFile.write(file, out.toString());
    }
}
