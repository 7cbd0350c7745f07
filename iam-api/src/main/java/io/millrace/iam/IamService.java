package io.millrace.iam;

import io.millrace.gateway.GatewayService;
import io.millrace.gateway.Resources;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.store.VersionedTopic;
import io.millrace.iam.access.IamKeyDirectory;
import io.millrace.iam.api.IamApi;
import io.millrace.iam.crypto.SecretBox;
import io.millrace.iam.documents.PolicyDocumentValidator;
import io.millrace.iam.seed.CredentialsFile;
import io.millrace.iam.seed.CredentialsSeeder;
import io.millrace.iam.store.AccessKeySecrets;
import io.millrace.iam.store.IamStore;
import io.millrace.iam.sts.SessionTokens;
import io.millrace.iam.sts.StsApi;
import io.millrace.iam.sts.TrustPolicyCheck;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IAM and STS APIs and what stands behind them, hosted by a {@link io.millrace.gateway.Gateway}: users, access
 * keys, roles and policies in one compacted topic that every gateway tails, and the {@link IamKeyDirectory} the
 * gateway checks signatures with. Start it with the same Kafka client properties and account as the gateway; close
 * it after the gateway.
 */
public final class IamService implements GatewayService {

    /**
     * What the iam-policy module will supply at merge: the policy grammar and the trust-policy evaluation. Until
     * then {@link #DEFAULT}: well-formed JSON objects, and trust in every principal of the account.
     */
    public record PolicyLanguage(PolicyDocumentValidator validator, TrustPolicyCheck trust) {
        // MERGE POINT (iam-policy): replace DEFAULT with the module's parser and evaluator.
        public static final PolicyLanguage DEFAULT =
                new PolicyLanguage(PolicyDocumentValidator.WELL_FORMED_JSON, TrustPolicyCheck.SAME_ACCOUNT);
    }

    private static final Logger LOG = LoggerFactory.getLogger(IamService.class);

    private final Deque<AutoCloseable> resources;
    private final IamStore store;
    private final IamKeyDirectory keys;
    private final List<AwsService> apis;

    private IamService(Deque<AutoCloseable> resources, IamStore store, IamKeyDirectory keys, List<AwsService> apis) {
        this.resources = resources;
        this.store = store;
        this.keys = keys;
        this.apis = apis;
    }

    public static IamService start(IamConfig config, Map<String, Object> kafkaClientProps, String accountId)
            throws Exception {
        return start(config, kafkaClientProps, accountId, PolicyLanguage.DEFAULT);
    }

    public static IamService start(
            IamConfig config, Map<String, Object> kafkaClientProps, String accountId, PolicyLanguage language)
            throws Exception {
        SecretBox secretKey = SecretBox.fromBase64(config.secretKey(), IamConfig.SECRET_KEY);
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            Map<String, Object> adminProps = new LinkedHashMap<>(kafkaClientProps);
            adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "millrace-iam-admin");
            Admin admin = Admin.create(adminProps);
            resources.push(admin);
            VersionedTopic topic =
                    new VersionedTopic(kafkaClientProps, admin, config.getString(IamConfig.TOPIC), "millrace-iam");
            resources.push(topic);
            IamStore store = new IamStore(topic, new AccessKeySecrets(secretKey));
            topic.start(Duration.ofSeconds(60));
            String credentialsFile = config.getString(IamConfig.CREDENTIALS_FILE);
            if (!credentialsFile.isBlank()) {
                new CredentialsSeeder(store, accountId, language.validator(), Clock.systemUTC())
                        .apply(CredentialsFile.read(Path.of(credentialsFile)));
            }
            ScheduledExecutorService repairs = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "millrace-iam-repair");
                thread.setDaemon(true);
                return thread;
            });
            resources.push(repairs::shutdownNow);
            long interval = config.getLong(IamConfig.REPAIR_INTERVAL_MS);
            repairs.scheduleWithFixedDelay(store::repair, interval, interval, TimeUnit.MILLISECONDS);
            SessionTokens tokens = new SessionTokens(secretKey);
            IamKeyDirectory keys = new IamKeyDirectory(store, tokens);
            List<AwsService> apis = List.of(
                    IamApi.actions(store, accountId, language.validator()),
                    StsApi.actions(store, tokens, language.trust(), language.validator()));
            LOG.info(
                    "IAM and STS APIs ready: {} users, {} roles, {} policies in {}",
                    store.users().all().size(),
                    store.roles().all().size(),
                    store.policies().all().size(),
                    topic.topic());
            return new IamService(resources, store, keys, apis);
        } catch (Exception | Error e) {
            Resources.closeAll(resources, "the IAM API");
            throw e;
        }
    }

    /** The keys of IAM users and STS sessions, for the gateway's {@code AccessControl}. */
    public IamKeyDirectory keys() {
        return keys;
    }

    public IamStore store() {
        return store;
    }

    @Override
    public List<AwsService> apis() {
        return apis;
    }

    @Override
    public void close() {
        Resources.closeAll(resources, "the IAM API");
    }
}
