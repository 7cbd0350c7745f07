package io.millrace.kms;

import io.millrace.gateway.GatewayService;
import io.millrace.gateway.Resources;
import io.millrace.gateway.access.ResourcePolicies;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.store.VersionedTopic;
import io.millrace.kms.api.KmsApi;
import io.millrace.kms.api.LocalCrypto;
import io.millrace.kms.crypto.RootKey;
import io.millrace.kms.store.KmsStore;
import io.millrace.schemas.kms.KmsKeyRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KMS API and what stands behind it, hosted by a {@link io.millrace.gateway.Gateway}: keys (their material
 * wrapped by the root key of {@link KmsConfig#ROOT_KEY}) and aliases in one compacted topic that every gateway
 * tails. Start it with the same Kafka client properties, region and account as the gateway; close it after the
 * gateway.
 */
public final class KmsService implements GatewayService {

    private static final Logger LOG = LoggerFactory.getLogger(KmsService.class);

    private final Deque<AutoCloseable> resources;
    private final KmsStore store;
    private final KmsApi.Wiring wiring;

    private KmsService(Deque<AutoCloseable> resources, KmsStore store, KmsApi.Wiring wiring) {
        this.resources = resources;
        this.store = store;
        this.wiring = wiring;
    }

    public static KmsService start(
            KmsConfig config, Map<String, Object> kafkaClientProps, String region, String accountId) throws Exception {
        return start(config, kafkaClientProps, region, accountId, Clock.systemUTC());
    }

    /** With the clock that decides when deletions and rotations fall due (a test's, to make them due now). */
    public static KmsService start(
            KmsConfig config, Map<String, Object> kafkaClientProps, String region, String accountId, Clock clock)
            throws Exception {
        RootKey root = RootKey.fromBase64(config.rootKey(), KmsConfig.ROOT_KEY);
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            VersionedTopic topic =
                    VersionedTopic.withOwnAdmin(kafkaClientProps, config.getString(KmsConfig.TOPIC), "millrace-kms");
            resources.push(topic);
            KmsStore store = new KmsStore(topic);
            topic.start(Duration.ofSeconds(60));
            ExecutorService writers = Executors.newFixedThreadPool(4, daemon("millrace-kms-writer"));
            resources.push(writers::shutdownNow);
            KmsApi.Wiring wiring = KmsApi.wire(store, root, region, accountId, writers, clock);
            ScheduledExecutorService housekeeping =
                    Executors.newSingleThreadScheduledExecutor(daemon("millrace-kms-housekeeping"));
            resources.push(housekeeping::shutdownNow);
            long interval = config.getLong(KmsConfig.HOUSEKEEPING_INTERVAL_MS);
            housekeeping.scheduleWithFixedDelay(wiring.housekeeping(), interval, interval, TimeUnit.MILLISECONDS);
            LOG.info(
                    "KMS API ready: {} keys, {} aliases in {}",
                    store.keys().size(),
                    store.aliases().size(),
                    topic.topic());
            return new KmsService(resources, store, wiring);
        } catch (Exception | Error e) {
            Resources.closeAll(resources, "the KMS API");
            throw e;
        }
    }

    /**
     * The ARN of the AWS-managed key behind {@code alias} ({@code aws/kinesis} or {@code aws/firehose}, with or
     * without {@code alias/}), created on first use as AWS does; blocks while it is written.
     */
    public String awsManagedKey(String alias) throws InterruptedException {
        return wiring.managedKeys().key(alias).getArn();
    }

    /** GenerateDataKey and Decrypt for the services of this process (Kinesis stream encryption). */
    public LocalCrypto localCrypto() {
        return wiring.localCrypto();
    }

    /** A key's policy is its resource-based policy, for the gateway's authorizer: by key ARN. */
    @Override
    public ResourcePolicies resourcePolicies() {
        return resourceArn -> {
            int slash = resourceArn.indexOf(":key/");
            if (!resourceArn.startsWith("arn:aws:kms:") || slash < 0) {
                return Optional.empty();
            }
            return store.key(resourceArn.substring(slash + ":key/".length()))
                    .filter(key -> key.getArn().equals(resourceArn))
                    .map(KmsKeyRecord::getPolicy);
        };
    }

    public KmsStore store() {
        return store;
    }

    @Override
    public List<AwsService> apis() {
        return List.of(wiring.actions());
    }

    @Override
    public void close() {
        Resources.closeAll(resources, "the KMS API");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
