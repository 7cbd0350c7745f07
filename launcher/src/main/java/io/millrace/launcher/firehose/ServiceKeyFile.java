package io.millrace.launcher.firehose;

import io.millrace.firehose.api.FirehoseConfig;
import io.millrace.launcher.datadir.SecretKeyFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The key that wraps delivery streams' data keys (Start/StopDeliveryStreamEncryption) when {@code millrace up} runs
 * them: the configured {@code millrace.firehose.encryption-service-key}, or one made once and kept in the data
 * directory, so that encryption works out of the box and a restart can still read what it encrypted. Several
 * gateways on one cluster must share it: configure it explicitly there.
 */
public final class ServiceKeyFile {

    static final String FILE = "firehose/service.key";

    private ServiceKeyFile() {}

    /** {@code config} with a service key: its own, or the data directory's, created when missing. */
    public static FirehoseConfig applyTo(FirehoseConfig config, Path dataDir) {
        if (!config.getPassword(FirehoseConfig.ENCRYPTION_SERVICE_KEY).value().isEmpty()) {
            return config;
        }
        Map<String, Object> props = new HashMap<>(config.originals());
        props.put(FirehoseConfig.ENCRYPTION_SERVICE_KEY, loadOrCreate(dataDir.resolve(FILE)));
        return new FirehoseConfig(props);
    }

    static String loadOrCreate(Path file) {
        return SecretKeyFile.loadOrCreate(file, "the Firehose service key");
    }
}
