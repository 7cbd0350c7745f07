package io.millrace.launcher.up;

import io.millrace.analytics.application.AnalyticsConfig;
import io.millrace.cloudwatch.CloudWatchConfig;
import io.millrace.firehose.api.FirehoseConfig;
import io.millrace.gateway.access.AuthMode;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.gateway.config.S3Settings;
import io.millrace.iam.IamConfig;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.launcher.exit.ExitCodes;
import io.millrace.launcher.exit.LauncherException;
import io.millrace.launcher.kafka.EmbeddedKafkaSettings;
import io.millrace.launcher.kafka.KafkaExposure;
import io.millrace.launcher.memory.MemoryConfig;
import io.millrace.launcher.net.Ports;
import io.millrace.launcher.s3.S3Credentials;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.common.config.ConfigException;

/**
 * What {@code millrace up} will start, resolved before anything starts: command line over configuration file over
 * defaults, every port a real number, the endpoint's configuration validated.
 *
 * @param dataDir      the data directory as the operator wrote it
 * @param kafka        the embedded broker, or empty when an external cluster is used
 * @param kinesis      the endpoint's configuration, bootstrap servers included
 * @param firehose     the S3 store, the Connect worker and the Firehose API's configuration
 * @param flink        the Flink cluster and the application API's options
 * @param listeners    the address each embedded service binds to: loopback unless --expose names it
 * @param memory       the memory budgets of the embedded parts
 */
public record UpPlan(
        Path dataDir,
        Optional<EmbeddedKafkaSettings> kafka,
        KinesisConfig kinesis,
        FirehosePlan firehose,
        FlinkPlan flink,
        Listeners listeners,
        MemoryConfig memory) {

    private static final String DEFAULT_BIND = "127.0.0.1";
    private static final String S3_PREFIX = "millrace.s3.";

    public static UpPlan resolve(UpOptions options) {
        // Gateway keys first under their current names: the embedded broker's address is read from them below.
        Map<String, Object> props = GatewayConfig.DEPRECATED_KEYS.rewrite(readConfigFile(options.config));
        putIfGiven(props, GatewayConfig.PORT, options.port);
        putIfGiven(props, GatewayConfig.BIND, options.bind);
        putIfGiven(props, KinesisConfig.SHARD_LIMITS, options.shardLimits);
        putIfGiven(props, GatewayConfig.BOOTSTRAP_SERVERS, options.bootstrapServers);
        putIfGiven(props, GatewayConfig.AUTH_MODE, options.auth);
        if (options.credentials != null) {
            if (!Files.isRegularFile(options.credentials)) {
                throw usage("--credentials " + options.credentials + ": no such file");
            }
            props.put(
                    IamConfig.CREDENTIALS_FILE,
                    options.credentials.toAbsolutePath().toString());
        }

        Path dataDir = options.dataDir != null ? options.dataDir : Path.of(UpOptions.DEFAULT_DATA_DIR);
        tls(options, props, dataDir);
        Listeners listeners = new Listeners(
                String.valueOf(props.getOrDefault(GatewayConfig.BIND, DEFAULT_BIND))
                        .trim(),
                options.expose == null ? Set.of() : EnumSet.copyOf(options.expose));
        Optional<EmbeddedKafkaSettings> kafka = Optional.empty();
        if (props.containsKey(GatewayConfig.BOOTSTRAP_SERVERS)) {
            if (options.kafkaPort != null || options.controllerPort != null) {
                throw usage("--kafka-port and --controller-port configure the embedded broker, which "
                        + GatewayConfig.BOOTSTRAP_SERVERS + " replaces");
            }
            requireEmbedded(listeners, ExposedService.KAFKA, "--bootstrap-servers");
            if (options.kafkaExternalPort != null) {
                throw usage("--kafka-external-port configures the embedded broker, which "
                        + GatewayConfig.BOOTSTRAP_SERVERS + " replaces");
            }
        } else {
            EmbeddedKafkaSettings settings = embeddedKafka(options, dataDir, listeners);
            props.put(GatewayConfig.BOOTSTRAP_SERVERS, settings.bootstrapServers());
            kafka = Optional.of(settings);
        }
        try {
            KinesisConfig kinesis = new KinesisConfig(props);
            if (kinesis.getInt(GatewayConfig.PORT) == GatewayConfig.PORT_OFF
                    && kinesis.getInt(GatewayConfig.TLS_PORT) == GatewayConfig.PORT_OFF) {
                throw usage("--port off and --tls-port off: the gateway would serve nothing");
            }
            if (kinesis.getInt(GatewayConfig.TLS_PORT) != GatewayConfig.PORT_OFF
                    && kinesis.getString(GatewayConfig.TLS_CERT_FILE).isBlank()
                            != kinesis.getString(GatewayConfig.TLS_KEY_FILE).isBlank()) {
                throw usage(GatewayConfig.TLS_CERT_FILE + " and " + GatewayConfig.TLS_KEY_FILE + " go together");
            }
            if (kinesis.authMode() == AuthMode.SIGNED) {
                // Applications get Kafka users of their own, which may do only what their roles allow.
                kafka = kafka.map(EmbeddedKafkaSettings::withAuthorizer);
            }
            FirehosePlan firehose = firehose(options, props, kinesis, listeners, dataDir);
            return new UpPlan(
                    dataDir,
                    kafka,
                    kinesis,
                    firehose,
                    flink(options, props, kinesis, dataDir, firehose, listeners, kafka),
                    listeners,
                    new MemoryConfig(withPrefixes(props, "millrace.memory.")));
        } catch (ConfigException e) {
            throw usage("invalid configuration: " + e.getMessage());
        }
    }

    /**
     * HTTPS on {@link UpOptions#DEFAULT_TLS_PORT} unless told otherwise, with the certificate given, else one of a
     * local CA in DIR/tls: a data directory of an earlier version gets its CA at its first start after the upgrade.
     */
    private static void tls(UpOptions options, Map<String, Object> props, Path dataDir) {
        putIfGiven(props, GatewayConfig.TLS_PORT, options.tlsPort);
        props.putIfAbsent(GatewayConfig.TLS_PORT, UpOptions.DEFAULT_TLS_PORT);
        if ((options.tlsCert == null) != (options.tlsKey == null)) {
            throw usage("--tls-cert and --tls-key go together: give both, or neither for a certificate of the local"
                    + " CA in " + dataDir.resolve(UpOptions.TLS_DIR));
        }
        if (options.tlsCert != null) {
            props.put(
                    GatewayConfig.TLS_CERT_FILE,
                    options.tlsCert.toAbsolutePath().toString());
            props.put(
                    GatewayConfig.TLS_KEY_FILE, options.tlsKey.toAbsolutePath().toString());
        }
        boolean certGiven = !String.valueOf(props.getOrDefault(GatewayConfig.TLS_CERT_FILE, ""))
                        .isBlank()
                || !String.valueOf(props.getOrDefault(GatewayConfig.TLS_KEY_FILE, ""))
                        .isBlank();
        if (!certGiven) {
            props.putIfAbsent(
                    GatewayConfig.TLS_LOCAL_CA_DIR,
                    dataDir.resolve(UpOptions.TLS_DIR)
                            .toAbsolutePath()
                            .normalize()
                            .toString());
        }
    }

    /** This plan without a Flink cluster: see {@link FlinkPlan#off()}. */
    public UpPlan withoutFlink() {
        return new UpPlan(dataDir, kafka, kinesis, firehose, flink.withoutCluster(), listeners, memory);
    }

    /** Fails, naming the port and its option, when a port of the plan is taken by another process. */
    public void requirePortsFree() {
        kafka.ifPresent(k -> {
            Ports.requireFree(k.bindAddress(), k.port(), "Kafka, --kafka-port");
            Ports.requireFree("127.0.0.1", k.controllerPort(), "Kafka controller, --controller-port");
            k.exposure()
                    .ifPresent(e ->
                            Ports.requireFree(e.bindAddress(), e.port(), "Kafka SASL listener, --kafka-external-port"));
        });
        int port = kinesis.getInt(GatewayConfig.PORT);
        if (port > 0) {
            Ports.requireFree(kinesis.getString(GatewayConfig.BIND), port, "gateway, --port");
        }
        int tlsPort = kinesis.getInt(GatewayConfig.TLS_PORT);
        if (tlsPort > 0) {
            Ports.requireFree(kinesis.getString(GatewayConfig.BIND), tlsPort, "gateway, --tls-port");
        }
        firehose.s3Port()
                .ifPresent(p -> Ports.requireFree(listeners.bind(ExposedService.S3), p, "S3 store, --s3-port"));
        firehose.connectPort()
                .ifPresent(p -> Ports.requireFree(
                        listeners.bind(ExposedService.CONNECT), p, "Kafka Connect worker, --connect-port"));
        flink.port()
                .ifPresent(p ->
                        Ports.requireFree(listeners.bind(ExposedService.FLINK), p, "Flink mini-cluster, --flink-port"));
    }

    /** --expose names embedded services: one replaced by an external one cannot be exposed. */
    private static void requireEmbedded(Listeners listeners, ExposedService service, String replacedBy) {
        if (listeners.exposed().contains(service)) {
            throw usage("--expose " + service.optionValue() + " exposes the embedded " + service.optionValue()
                    + ", which " + replacedBy + " replaces");
        }
    }

    /**
     * Embedded S3 and Connect unless --s3-endpoint / --connect-url name external ones; ports of 0 are picked now, so
     * the Firehose API's configuration holds the real URLs before anything starts. millrace.firehose.* and
     * millrace.s3.* keys of the configuration file pass through; the command line overrides them.
     */
    private static FirehosePlan firehose(
            UpOptions options, Map<String, Object> props, KinesisConfig kinesis, Listeners listeners, Path dataDir) {
        Map<String, Object> firehose =
                FirehoseConfig.DEPRECATED_KEYS.rewrite(withPrefixes(props, "millrace.firehose.", S3_PREFIX));
        firehose.put(FirehoseConfig.KINESIS_TOPIC_PREFIX, kinesis.getString(KinesisConfig.TOPIC_PREFIX));
        // Which Lambda function URLs the Firehose API accepts depends on whether the gateway checks its callers.
        firehose.put(GatewayConfig.AUTH_MODE, kinesis.authMode().configValue());
        // Connectors open encrypted records with KMS Decrypt on this gateway (a port picked at start is not known yet).
        int gatewayPort = kinesis.getInt(GatewayConfig.PORT);
        if (gatewayPort > 0) {
            firehose.putIfAbsent(
                    FirehoseConfig.KMS_ENDPOINT,
                    "http://" + Listeners.localHost(kinesis.getString(GatewayConfig.BIND)) + ":" + gatewayPort);
            // Iceberg destinations commit their tables through this gateway's Glue API.
            firehose.putIfAbsent(
                    FirehoseConfig.GLUE_ENDPOINT,
                    "http://" + Listeners.localHost(kinesis.getString(GatewayConfig.BIND)) + ":" + gatewayPort);
        }

        Optional<Integer> s3Port = Optional.empty();
        Optional<S3Credentials> s3Identity = Optional.empty();
        if (options.s3Endpoint != null) {
            if (options.s3Port != null) {
                throw usage("--s3-port configures the embedded S3 store, which --s3-endpoint replaces");
            }
            firehose.put(S3Settings.ENDPOINT, options.s3Endpoint);
        } else if (!firehose.containsKey(S3Settings.ENDPOINT)) {
            int port = options.s3Port != null ? options.s3Port : UpOptions.DEFAULT_S3_PORT;
            s3Port = Optional.of(port == 0 ? Ports.pickFree() : port);
            firehose.put(S3Settings.ENDPOINT, "http://" + listeners.host(ExposedService.S3) + ":" + s3Port.get());
            firehose.put(S3Settings.PATH_STYLE_ACCESS, "true");
            if (listeners.exposed().contains(ExposedService.S3)) {
                // On the network the store accepts the platform's identity (the configured keys, else keys made
                // once) and, once IAM answers, IAM's keys and sessions (Platform).
                S3Credentials identity = firehose.containsKey(S3Settings.ACCESS_KEY_ID)
                                && firehose.containsKey(S3Settings.SECRET_ACCESS_KEY)
                        ? new S3Credentials(
                                String.valueOf(firehose.get(S3Settings.ACCESS_KEY_ID)),
                                String.valueOf(firehose.get(S3Settings.SECRET_ACCESS_KEY)))
                        : S3Credentials.loadOrCreate(dataDir.resolve(UpOptions.S3_CREDENTIALS_FILE));
                firehose.put(S3Settings.ACCESS_KEY_ID, identity.accessKeyId());
                firehose.put(S3Settings.SECRET_ACCESS_KEY, identity.secretAccessKey());
                s3Identity = Optional.of(identity);
            } else {
                // The embedded store checks no signature, but the SDK must find some credentials to sign with.
                firehose.putIfAbsent(S3Settings.ACCESS_KEY_ID, "millrace");
                firehose.putIfAbsent(S3Settings.SECRET_ACCESS_KEY, "millrace");
            }
        }

        Optional<Integer> connectPort = Optional.empty();
        if (options.connectUrl != null) {
            if (options.connectPort != null) {
                throw usage("--connect-port configures the embedded Connect worker, which --connect-url replaces");
            }
            firehose.put(FirehoseConfig.CONNECT_URL, options.connectUrl);
        } else if (!firehose.containsKey(FirehoseConfig.CONNECT_URL)) {
            int port = options.connectPort != null ? options.connectPort : UpOptions.DEFAULT_CONNECT_PORT;
            connectPort = Optional.of(port == 0 ? Ports.pickFree() : port);
            firehose.put(
                    FirehoseConfig.CONNECT_URL,
                    "http://" + listeners.host(ExposedService.CONNECT) + ":" + connectPort.get());
        }
        if (s3Port.isEmpty()) {
            requireEmbedded(listeners, ExposedService.S3, "--s3-endpoint (or " + S3Settings.ENDPOINT + ")");
            requireS3KeyPair(firehose);
        }
        if (connectPort.isEmpty()) {
            requireEmbedded(listeners, ExposedService.CONNECT, "--connect-url (or " + FirehoseConfig.CONNECT_URL + ")");
        }
        // The tasks publish their delivery metrics where the CloudWatch API of this platform reads its datapoints.
        firehose.putIfAbsent(
                FirehoseConfig.CLOUDWATCH_TOPIC, new CloudWatchConfig(props).getString(CloudWatchConfig.TOPIC));
        FirehoseConfig config = new FirehoseConfig(firehose);
        return new FirehosePlan(
                s3Port,
                config.getString(S3Settings.ENDPOINT),
                connectPort,
                config.getString(FirehoseConfig.CONNECT_URL),
                config,
                s3Identity);
    }

    /**
     * Half a key pair for an external store can never sign: the connectors' SDK refuses a blank secret
     * ({@code AwsBasicCredentials}: "Secret access key cannot be blank"), and a secret without its key id would be
     * dropped for the default credential chain. No keys at all is allowed ({@link FirehosePlan#missingS3Keys}).
     */
    private static void requireS3KeyPair(Map<String, Object> firehose) {
        boolean keyId = !String.valueOf(firehose.getOrDefault(S3Settings.ACCESS_KEY_ID, ""))
                .isBlank();
        boolean secret = !String.valueOf(firehose.getOrDefault(S3Settings.SECRET_ACCESS_KEY, ""))
                .isBlank();
        if (keyId != secret) {
            throw usage(S3Settings.ACCESS_KEY_ID + " and " + S3Settings.SECRET_ACCESS_KEY
                    + " go together: the S3 store's key was given only in part");
        }
    }

    /**
     * The embedded mini-cluster unless --flink-rest-url names a cluster; a port of 0 is picked now. Savepoints go to
     * DIR/flink/savepoints unless millrace.analytics.savepoint-dir says otherwise; millrace.analytics.* and
     * millrace.s3.* keys of the configuration file pass through (and millrace.applications.*, their earlier names).
     */
    private static FlinkPlan flink(
            UpOptions options,
            Map<String, Object> props,
            KinesisConfig kinesis,
            Path dataDir,
            FirehosePlan firehose,
            Listeners listeners,
            Optional<EmbeddedKafkaSettings> kafka) {
        Map<String, String> given = new HashMap<>();
        withPrefixes(props, "millrace.analytics.", "millrace.applications.", S3_PREFIX)
                .forEach((key, value) -> given.put(key, String.valueOf(value)));
        Configuration applications = AnalyticsConfig.configuration(given);
        Optional<Integer> port = Optional.empty();
        String restUrl;
        if (options.flinkRestUrl != null) {
            if (options.flinkPort != null) {
                throw usage("--flink-port configures the embedded Flink mini-cluster, which --flink-rest-url replaces");
            }
            restUrl = options.flinkRestUrl;
            requireEmbedded(listeners, ExposedService.FLINK, "--flink-rest-url");
        } else {
            int chosen = options.flinkPort != null ? options.flinkPort : UpOptions.DEFAULT_FLINK_PORT;
            port = Optional.of(chosen == 0 ? Ports.pickFree() : chosen);
            restUrl = "http://" + listeners.host(ExposedService.FLINK) + ":" + port.get();
        }
        try {
            URI parsed = new URI(restUrl);
            if (parsed.getHost() == null
                    || !("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))) {
                throw usage("--flink-rest-url must be an http(s) URL such as http://jobmanager:8081, not " + restUrl);
            }
        } catch (URISyntaxException e) {
            throw usage("--flink-rest-url is not a URL: " + restUrl);
        }
        applications.set(AnalyticsConfig.FLINK_REST_URL, restUrl);
        applications.set(AnalyticsConfig.BOOTSTRAP_SERVERS, String.join(",", kinesis.bootstrapServers()));
        if (!applications.contains(AnalyticsConfig.SAVEPOINT_DIR)) {
            applications.set(
                    AnalyticsConfig.SAVEPOINT_DIR,
                    dataDir.resolve("flink")
                            .resolve("savepoints")
                            .toAbsolutePath()
                            .normalize()
                            .toUri()
                            .toString());
        }
        if (!applications.contains(AnalyticsConfig.CODE_DIR)) {
            applications.set(
                    AnalyticsConfig.CODE_DIR,
                    dataDir.resolve("flink")
                            .resolve("code")
                            .toAbsolutePath()
                            .normalize()
                            .toString());
        }
        // Code in S3 is read from the store Firehose delivers to, unless the configuration file says otherwise.
        FirehoseConfig s3 = firehose.config();
        setIfAbsent(applications, AnalyticsConfig.S3_ENDPOINT, s3.getString(S3Settings.ENDPOINT));
        setIfAbsent(applications, AnalyticsConfig.S3_REGION, s3.getString(S3Settings.REGION));
        setIfAbsent(applications, AnalyticsConfig.S3_ACCESS_KEY_ID, s3.getString(S3Settings.ACCESS_KEY_ID));
        setIfAbsent(
                applications,
                AnalyticsConfig.S3_SECRET_ACCESS_KEY,
                s3.getPassword(S3Settings.SECRET_ACCESS_KEY).value());
        if (!applications.contains(AnalyticsConfig.S3_PATH_STYLE_ACCESS)) {
            applications.set(AnalyticsConfig.S3_PATH_STYLE_ACCESS, s3.getBoolean(S3Settings.PATH_STYLE_ACCESS));
        }
        // SQL applications open encrypted streams with the platform's KMS, as Firehose's connectors do.
        setIfAbsent(applications, AnalyticsConfig.KMS_ENDPOINT, s3.getString(FirehoseConfig.KMS_ENDPOINT));
        setIfAbsent(applications, AnalyticsConfig.KMS_REGION, kinesis.getString(GatewayConfig.REGION));
        setIfAbsent(applications, AnalyticsConfig.KMS_ACCESS_KEY_ID, s3.getString(FirehoseConfig.KMS_ACCESS_KEY_ID));
        setIfAbsent(
                applications,
                AnalyticsConfig.KMS_SECRET_ACCESS_KEY,
                s3.getPassword(FirehoseConfig.KMS_SECRET_ACCESS_KEY).value());
        // In signed mode the jobs' sources authorize their reads at the gateway, as the application's role.
        setIfAbsent(applications, AnalyticsConfig.KINESIS_ENDPOINT, s3.getString(FirehoseConfig.KMS_ENDPOINT));
        setIfAbsent(applications, AnalyticsConfig.KINESIS_REGION, kinesis.getString(GatewayConfig.REGION));
        kafkaAcls(applications, kinesis, kafka, options.flinkRestUrl != null);
        return new FlinkPlan(port, restUrl, applications, false);
    }

    /**
     * An embedded broker with the authorizer (signed mode): applications' Kafka users and ACLs follow their roles.
     * Their jobs get those users' credentials only where they connect through the SASL listener: on a Flink cluster
     * of its own (--flink-rest-url) with --expose kafka. Jobs of the embedded mini-cluster run in this process,
     * trusted as the platform is, on the loopback listener.
     */
    private static void kafkaAcls(
            Configuration applications,
            KinesisConfig kinesis,
            Optional<EmbeddedKafkaSettings> kafka,
            boolean ownFlinkCluster) {
        if (kafka.isEmpty() || !kafka.get().authorizer()) {
            return;
        }
        if (!applications.contains(AnalyticsConfig.KAFKA_ACLS)) {
            applications.set(AnalyticsConfig.KAFKA_ACLS, true);
        }
        setIfAbsent(
                applications, AnalyticsConfig.STREAMS_METADATA_TOPIC, kinesis.getString(KinesisConfig.METADATA_TOPIC));
        if (ownFlinkCluster && kafka.get().exposure().isPresent()) {
            setIfAbsent(
                    applications,
                    AnalyticsConfig.JOB_KAFKA_BOOTSTRAP_SERVERS,
                    kafka.get().exposure().get().bootstrapServers());
        }
    }

    private static void setIfAbsent(
            Configuration configuration, org.apache.flink.configuration.ConfigOption<String> option, String value) {
        if (!configuration.contains(option) && value != null && !value.isEmpty()) {
            configuration.set(option, value);
        }
    }

    /**
     * The plain listener on loopback for the platform's own clients; with --expose kafka, a SASL/SCRAM listener on
     * the --bind address too.
     */
    private static EmbeddedKafkaSettings embeddedKafka(UpOptions options, Path dataDir, Listeners listeners) {
        int kafkaPort = options.kafkaPort != null ? options.kafkaPort : UpOptions.DEFAULT_KAFKA_PORT;
        boolean pickedKafkaPort = kafkaPort == 0;
        if (pickedKafkaPort) {
            kafkaPort = Ports.pickFree();
        }
        int controllerPort;
        if (options.controllerPort != null && options.controllerPort != 0) {
            controllerPort = options.controllerPort;
        } else if (options.controllerPort != null || pickedKafkaPort) {
            // The neighbour of a random port is as likely taken as any other: pick the controller's too.
            do {
                controllerPort = Ports.pickFree();
            } while (controllerPort == kafkaPort);
        } else if (kafkaPort < 65535) {
            controllerPort = kafkaPort + 1;
        } else {
            throw usage("--kafka-port 65535 leaves no room for the controller port: give --controller-port");
        }
        if (controllerPort == kafkaPort) {
            throw usage("--controller-port must differ from --kafka-port (" + kafkaPort + ")");
        }
        Optional<KafkaExposure> exposure = Optional.empty();
        if (listeners.exposed().contains(ExposedService.KAFKA)) {
            int external = options.kafkaExternalPort != null
                    ? options.kafkaExternalPort
                    : UpOptions.DEFAULT_KAFKA_EXTERNAL_PORT;
            if (external == kafkaPort || external == controllerPort) {
                throw usage("--kafka-external-port must differ from the Kafka and controller ports");
            }
            while (external == 0 || external == kafkaPort || external == controllerPort) {
                external = Ports.pickFree();
            }
            exposure = Optional.of(
                    new KafkaExposure(listeners.gatewayBind(), external, dataDir.resolve(UpOptions.KAFKA_CLIENT_FILE)));
        } else if (options.kafkaExternalPort != null) {
            throw usage("--kafka-external-port is the port of --expose kafka");
        }
        return new EmbeddedKafkaSettings(
                dataDir.resolve("kafka"), Listeners.LOOPBACK, kafkaPort, controllerPort, exposure);
    }

    private static Map<String, String> readConfigFile(Path file) {
        Map<String, String> props = new HashMap<>();
        if (file == null) {
            return props;
        }
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            loaded.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw usage("cannot read the configuration file " + file + ": " + describe(e));
        }
        loaded.stringPropertyNames()
                .forEach(key -> props.put(key, loaded.getProperty(key).trim()));
        return props;
    }

    private static Map<String, Object> withPrefixes(Map<String, Object> props, String... prefixes) {
        Map<String, Object> selected = new HashMap<>();
        props.forEach((key, value) -> {
            for (String prefix : prefixes) {
                if (key.startsWith(prefix)) {
                    selected.put(key, value);
                }
            }
        });
        return selected;
    }

    private static void putIfGiven(Map<String, Object> props, String key, Object value) {
        if (value != null) {
            props.put(key, value);
        }
    }

    private static String describe(Exception e) {
        return e instanceof NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
    }

    private static LauncherException usage(String message) {
        return new LauncherException(message, ExitCodes.USAGE);
    }
}
