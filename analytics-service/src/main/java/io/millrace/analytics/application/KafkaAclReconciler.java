package io.millrace.analytics.application;

import io.millrace.schemas.analytics.ApplicationMetadata;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the broker's ACLs of every application's Kafka user ({@link KafkaUsers}) equal to what its
 * ServiceExecutionRole's policies allow, as a job's Kinesis calls would be authorized on AWS:
 * <ul>
 *   <li>READ and DESCRIBE on a stream's topic when the role may {@code kinesis:GetRecords} on the stream;
 *   <li>WRITE and DESCRIBE on it, and on the transactional ids {@code millrace-<stream>*} of exactly-once sinks,
 *       when it may {@code kinesis:PutRecords} or {@code kinesis:PutRecord}; with any such stream, on the
 *       transactional ids that start with the user's name too (a SQL sink's {@code sink.transactional-id-prefix});
 *   <li>READ on the Kinesis metadata topic (sources and sinks read shard maps there) and on consumer groups whose id
 *       starts with the user's name, for every application.
 * </ul>
 * Derived again every interval over the applications and streams this gateway sees and the role policies of its IAM
 * view, so a policy change, a stream created or deleted, an application created or deleted reaches the broker within
 * the interval; each change is one {@code CreateAcls} or {@code DeleteAcls}. Every gateway runs one: they derive the
 * same bindings from the same topics, and creating an existing binding or deleting a missing one changes nothing.
 * Only Allow bindings exist (the authorizer denies what none allows); a policy's conditions and Deny statements
 * count as {@link ServiceRolesView} evaluates them for this stream at this moment, not per request.
 */
final class KafkaAclReconciler implements AutoCloseable {

    /** The Kinesis actions that stand for a topic's reads and writes. */
    static final String READ_ACTION = "kinesis:GetRecords";

    static final List<String> WRITE_ACTIONS = List.of("kinesis:PutRecords", "kinesis:PutRecord");

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAclReconciler.class);
    private static final long TIMEOUT_MS = 30_000;

    /** Whether a role may do an action on a resource, by its current policies. */
    interface ServiceRolesView {
        boolean allows(String roleArn, String action, String resourceArn);
    }

    private final Admin admin;
    private final ApplicationStore applications;
    private final StreamTopics streams;
    private final ServiceRolesView roles;
    private final String metadataTopic;
    private final ScheduledExecutorService timer;
    private String lastFailure;

    KafkaAclReconciler(
            Admin admin,
            ApplicationStore applications,
            StreamTopics streams,
            ServiceRolesView roles,
            String metadataTopic) {
        this.admin = admin;
        this.applications = applications;
        this.streams = streams;
        this.roles = roles;
        this.metadataTopic = metadataTopic;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "millrace-analytics-kafka-acls");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Reconciles now, then every {@code interval}. */
    void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::reconcileQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Derives and applies the bindings now, on the caller's thread: before a job starts, after a delete. */
    synchronized void reconcile() throws Exception {
        Set<AclBinding> wanted = new HashSet<>();
        Map<String, String> topics = streams.topics();
        for (ApplicationMetadata app : applications.applications()) {
            if (!Status.DELETING.equals(app.getStatus()) && app.getServiceExecutionRole() != null) {
                wanted.addAll(bindingsOf(app, topics));
            }
        }
        Collection<AclBinding> existing =
                admin.describeAcls(AclBindingFilter.ANY).values().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Set<AclBinding> present = new HashSet<>();
        for (AclBinding binding : existing) {
            if (binding.entry().principal().startsWith("User:" + KafkaUsers.USER_PREFIX)) {
                present.add(binding);
            }
        }
        List<AclBinding> added =
                wanted.stream().filter(b -> !present.contains(b)).toList();
        List<AclBindingFilter> removed = present.stream()
                .filter(b -> !wanted.contains(b))
                .map(AclBinding::toFilter)
                .toList();
        if (!added.isEmpty()) {
            admin.createAcls(added).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        if (!removed.isEmpty()) {
            admin.deleteAcls(removed).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        if (!added.isEmpty() || !removed.isEmpty()) {
            LOG.info(
                    "Kafka ACLs of applications: {} added, {} removed ({})",
                    added.size(),
                    removed.size(),
                    principalsOf(added, removed));
        }
        lastFailure = null;
    }

    /** What the application's user may do, from its role's policies over the streams that exist. */
    Set<AclBinding> bindingsOf(ApplicationMetadata app, Map<String, String> topics) {
        String principal = "User:" + KafkaUsers.userOf(app);
        String role = app.getServiceExecutionRole();
        String[] arn = app.getArn().split(":", 6);
        Set<AclBinding> bindings = new HashSet<>();
        ResourcePattern metadata = new ResourcePattern(ResourceType.TOPIC, metadataTopic, PatternType.LITERAL);
        allow(bindings, metadata, principal, AclOperation.READ, AclOperation.DESCRIBE);
        ResourcePattern groups = new ResourcePattern(ResourceType.GROUP, KafkaUsers.userOf(app), PatternType.PREFIXED);
        allow(bindings, groups, principal, AclOperation.READ, AclOperation.DESCRIBE);
        boolean writes = false;
        for (Map.Entry<String, String> stream : topics.entrySet()) {
            String streamArn = "arn:aws:kinesis:" + arn[3] + ":" + arn[4] + ":stream/" + stream.getKey();
            ResourcePattern topic = new ResourcePattern(ResourceType.TOPIC, stream.getValue(), PatternType.LITERAL);
            if (roles.allows(role, READ_ACTION, streamArn)) {
                allow(bindings, topic, principal, AclOperation.READ, AclOperation.DESCRIBE);
            }
            if (WRITE_ACTIONS.stream().anyMatch(action -> roles.allows(role, action, streamArn))) {
                allow(bindings, topic, principal, AclOperation.WRITE, AclOperation.DESCRIBE);
                // MillraceStreams.sink's exactly-once transactions are named after the stream.
                ResourcePattern transactions = new ResourcePattern(
                        ResourceType.TRANSACTIONAL_ID, "millrace-" + stream.getKey(), PatternType.PREFIXED);
                allow(bindings, transactions, principal, AclOperation.WRITE, AclOperation.DESCRIBE);
                writes = true;
            }
        }
        if (writes) {
            // A SQL sink's exactly-once transactions are named by its sink.transactional-id-prefix: one starting
            // with the user's name is the application's own (no other application can fence it).
            ResourcePattern own =
                    new ResourcePattern(ResourceType.TRANSACTIONAL_ID, KafkaUsers.userOf(app), PatternType.PREFIXED);
            allow(bindings, own, principal, AclOperation.WRITE, AclOperation.DESCRIBE);
        }
        return bindings;
    }

    private static void allow(
            Set<AclBinding> bindings, ResourcePattern resource, String principal, AclOperation... operations) {
        for (AclOperation operation : operations) {
            bindings.add(new AclBinding(
                    resource, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
        }
    }

    private static Set<String> principalsOf(List<AclBinding> added, List<AclBindingFilter> removed) {
        Set<String> principals = new TreeSet<>();
        added.forEach(b -> principals.add(b.entry().principal()));
        removed.forEach(f -> principals.add(f.entryFilter().principal()));
        return principals;
    }

    /** One log line per distinct failure (a broker without an authorizer fails every pass alike). */
    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            String failure = (e.getCause() != null ? e.getCause() : e).toString();
            if (!failure.equals(lastFailure)) {
                LOG.warn("Kafka ACLs of applications not reconciled: {}", failure);
                lastFailure = failure;
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
