package io.millrace.iam;

import io.millrace.gateway.GatewayService;
import io.millrace.gateway.Resources;
import io.millrace.gateway.access.AccessControl;
import io.millrace.gateway.access.ResourcePolicies;
import io.millrace.gateway.access.ServiceRoles;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.store.VersionedTopic;
import io.millrace.iam.access.IamKeyDirectory;
import io.millrace.iam.api.IamApi;
import io.millrace.iam.crypto.SecretBox;
import io.millrace.iam.evaluation.IamPolicyLanguage;
import io.millrace.iam.evaluation.IamServiceRoles;
import io.millrace.iam.evaluation.PolicyAuthorizer;
import io.millrace.iam.evaluation.PolicyLanguage;
import io.millrace.iam.identity.IamArns;
import io.millrace.iam.seed.CredentialsFile;
import io.millrace.iam.seed.CredentialsSeeder;
import io.millrace.iam.store.AccessKeySecrets;
import io.millrace.iam.store.IamStore;
import io.millrace.iam.sts.ServiceGrants;
import io.millrace.iam.sts.SessionTokens;
import io.millrace.iam.sts.StsApi;
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

    private static final Logger LOG = LoggerFactory.getLogger(IamService.class);

    private final Deque<AutoCloseable> resources;
    private final IamStore store;
    private final IamKeyDirectory keys;
    private final List<AwsService> apis;
    private final SessionTokens tokens;
    private final ServiceGrants grants;

    private IamService(
            Deque<AutoCloseable> resources,
            IamStore store,
            IamKeyDirectory keys,
            List<AwsService> apis,
            SessionTokens tokens,
            ServiceGrants grants) {
        this.resources = resources;
        this.store = store;
        this.keys = keys;
        this.apis = apis;
        this.tokens = tokens;
        this.grants = grants;
    }

    public static IamService start(IamConfig config, Map<String, Object> kafkaClientProps, String accountId)
            throws Exception {
        return start(config, kafkaClientProps, accountId, IamPolicyLanguage.get());
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
            return new IamService(resources, store, keys, apis, tokens, new ServiceGrants(secretKey));
        } catch (Exception | Error e) {
            Resources.closeAll(resources, "the IAM API");
            throw e;
        }
    }

    /** The keys of IAM users and STS sessions, for the gateway's {@code AccessControl}. */
    public IamKeyDirectory keys() {
        return keys;
    }

    /**
     * The gateway's access control in signed mode: these keys, and the policies of their principals evaluated with
     * the resource policies of every hosted service ({@code resourcePolicies}, roles' trust policies included).
     */
    public AccessControl accessControl(ResourcePolicies resourcePolicies) {
        return new AccessControl(
                keys,
                new PolicyAuthorizer(keys, ResourcePolicies.firstOf(List.of(resourcePolicies(), resourcePolicies))));
    }

    /**
     * A role's trust policy is its resource-based policy for {@code sts:AssumeRole}: in the role's account, naming a
     * user there lets it assume the role without an identity policy, as AWS evaluates it.
     */
    @Override
    public ResourcePolicies resourcePolicies() {
        return resourceArn -> IamArns.parse(resourceArn)
                .filter(arn -> arn.kind().equals("role"))
                .flatMap(arn -> store.roles().get(arn.name()))
                .filter(role -> role.getArn().equals(resourceArn))
                .map(role -> role.getAssumeRolePolicyDocument());
    }

    /**
     * The roles services act as (Firehose's RoleARN, an application's ServiceExecutionRole), checked against this
     * account's roles and their policies, with the resource policies of every hosted service as signed requests are;
     * the temporary credentials of their sessions are sealed as STS's own.
     */
    public ServiceRoles serviceRoles(ResourcePolicies resourcePolicies) {
        return new IamServiceRoles(
                store,
                new PolicyAuthorizer(keys, ResourcePolicies.firstOf(List.of(resourcePolicies(), resourcePolicies))),
                Clock.systemUTC(),
                tokens,
                grants);
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
