package io.millrace.firehose.catalog;

import io.millrace.firehose.config.GluePartitionSettings;
import io.millrace.firehose.delivery.Backoff;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.ErrorDetail;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;

/**
 * Registers in the Glue table the Hive-style partitions the destination's objects land in, once each object is
 * written: BatchCreatePartition on a thread of its own, so that a slow or failing catalog never holds delivery back.
 * A partition that exists already (AlreadyExistsException: registered by an earlier run, another task, a crawler or
 * by hand) counts as registered, so a restart or a replay registers nothing twice; other failures are retried with
 * backoff, logged once when they start and once when they end.
 */
public final class GluePartitionRegistrar implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GluePartitionRegistrar.class);
    /** BatchCreatePartition's PartitionInputList holds at most 100 partitions (botocore model glue/2017-03-31). */
    static final int BATCH = 100;
    /** Partitions remembered as registered; one forgotten costs one AlreadyExistsException when written again. */
    private static final int REMEMBERED = 10_000;
    /** Partitions waiting while the catalog fails; beyond, new ones are registered when next written to. */
    private static final int MAX_PENDING = 10_000;

    private static final String ALREADY_EXISTS = "AlreadyExistsException";

    private final String stream;
    private final GluePartitionSettings settings;
    private final GlueClient glue;
    private final Backoff backoff;
    private final LongSupplier clock;
    private final ScheduledExecutorService thread;
    /** Partition values to their location, in the order written; guarded by this. */
    private final Map<List<String>, String> pending = new LinkedHashMap<>();
    /** Guarded by this. */
    private final Map<List<String>, Boolean> registered = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };
    /** The table's StorageDescriptor each partition copies, read once; the registrar's thread only. */
    private StorageDescriptor tableDescriptor;
    /** Since when registrations fail, 0 while they succeed; the registrar's thread only. */
    private long failingSince;

    GluePartitionRegistrar(
            String stream, GluePartitionSettings settings, GlueClient glue, Backoff backoff, LongSupplier clock) {
        this.stream = stream;
        this.settings = settings;
        this.glue = glue;
        this.backoff = backoff;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "firehose-glue-partitions-" + stream);
            t.setDaemon(true);
            return t;
        });
        // Retries of what failed; new partitions are registered as soon as they are written.
        thread.scheduleWithFixedDelay(this::registerPending, 1, 1, TimeUnit.SECONDS);
    }

    /** A registrar with its own Glue client (the settings' endpoint), retrying between these waits. */
    public static GluePartitionRegistrar start(
            String stream, GluePartitionSettings settings, long backoffInitialMillis, long backoffMaxMillis) {
        return new GluePartitionRegistrar(
                stream,
                settings,
                GluePartitionClients.create(settings),
                new Backoff(backoffInitialMillis, backoffMaxMillis),
                System::currentTimeMillis);
    }

    /**
     * Object {@code key} of the destination is in {@code bucket}: its partition, if its key names one, is registered
     * soon. Returns at once (called by the upload threads).
     */
    public void written(String bucket, String key) {
        HivePartition partition =
                HivePartition.of(bucket, key, settings.partitionKeys()).orElse(null);
        if (partition == null) {
            return;
        }
        synchronized (this) {
            if (registered.containsKey(partition.values())
                    || pending.containsKey(partition.values())
                    || pending.size() >= MAX_PENDING) {
                return;
            }
            pending.put(partition.values(), partition.location());
        }
        try {
            thread.execute(this::registerPending);
        } catch (RejectedExecutionException e) {
            // Closing: the partition is registered when an object is next written to it.
        }
    }

    /** Whether every partition written so far is registered. */
    public synchronized boolean idle() {
        return pending.isEmpty();
    }

    private void registerPending() {
        if (!backoff.ready(clock.getAsLong())) {
            return;
        }
        Map<List<String>, String> batch = new LinkedHashMap<>();
        synchronized (this) {
            for (Map.Entry<List<String>, String> e : pending.entrySet()) {
                if (batch.size() == BATCH) {
                    break;
                }
                batch.put(e.getKey(), e.getValue());
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            register(batch);
        } catch (RuntimeException e) {
            // SdkException: the call failed or timed out; anything else must not kill the retries either.
            failed(describe(e), batch.size());
        }
    }

    private void register(Map<List<String>, String> batch) {
        StorageDescriptor table = tableDescriptor();
        List<PartitionInput> inputs = new ArrayList<>();
        batch.forEach((values, location) -> inputs.add(PartitionInput.builder()
                .values(values)
                .storageDescriptor(table.toBuilder().location(location).build())
                .build()));
        BatchCreatePartitionResponse answer = glue.batchCreatePartition(r -> r.catalogId(catalogId())
                .databaseName(settings.database())
                .tableName(settings.table())
                .partitionInputList(inputs));
        Map<List<String>, ErrorDetail> errors = new HashMap<>();
        for (PartitionError error : answer.errors()) {
            errors.put(error.partitionValues(), error.errorDetail());
        }
        List<List<String>> created = new ArrayList<>();
        ErrorDetail failure = null;
        synchronized (this) {
            for (List<String> values : batch.keySet()) {
                ErrorDetail error = errors.get(values);
                if (error == null || ALREADY_EXISTS.equals(error.errorCode())) {
                    pending.remove(values);
                    registered.put(values, Boolean.TRUE);
                    if (error == null) {
                        created.add(values);
                    }
                } else if (failure == null) {
                    failure = error;
                }
            }
        }
        if (!created.isEmpty()) {
            LOG.info(
                    "Delivery stream {}: registered {} partition(s) in Glue table {}.{}: {}",
                    stream,
                    created.size(),
                    settings.database(),
                    settings.table(),
                    created);
        }
        if (failure != null) {
            failed(failure.errorCode() + ": " + failure.errorMessage(), batch.size() - created.size());
        } else {
            succeeded();
        }
    }

    /** Glue's error code and message (EntityNotFoundException: Table orders not found.), else the exception. */
    private static String describe(RuntimeException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.awsErrorDetails().errorCode() + ": "
                    + aws.awsErrorDetails().errorMessage();
        }
        return e.toString();
    }

    private StorageDescriptor tableDescriptor() {
        if (tableDescriptor == null) {
            StorageDescriptor sd = glue.getTable(r -> r.catalogId(catalogId())
                            .databaseName(settings.database())
                            .name(settings.table()))
                    .table()
                    .storageDescriptor();
            tableDescriptor = sd != null ? sd : StorageDescriptor.builder().build();
        }
        return tableDescriptor;
    }

    private String catalogId() {
        return settings.catalogId().isEmpty() ? null : settings.catalogId();
    }

    private void failed(String error, int waiting) {
        long now = clock.getAsLong();
        backoff.failed(now);
        // The table may have changed or be back: read it again on the next attempt.
        tableDescriptor = null;
        if (failingSince != 0) {
            return;
        }
        failingSince = now;
        LOG.warn(
                "Delivery stream {}: registering partitions in Glue table {}.{} fails ({}); {} partition(s) wait and "
                        + "are retried with backoff, delivery goes on",
                stream,
                settings.database(),
                settings.table(),
                error,
                waiting);
    }

    private void succeeded() {
        backoff.succeeded();
        if (failingSince == 0) {
            return;
        }
        LOG.info(
                "Delivery stream {}: registering partitions in Glue table {}.{} recovered after {} s",
                stream,
                settings.database(),
                settings.table(),
                Math.max(0, (clock.getAsLong() - failingSince) / 1000));
        failingSince = 0;
    }

    /** Stops after one last attempt at what waits (a task stopping leaves nothing it could register behind). */
    @Override
    public void close() {
        try {
            thread.execute(() -> {
                backoff.succeeded();
                registerPending();
            });
        } catch (RejectedExecutionException e) {
            // Closed already.
        }
        thread.shutdown();
        try {
            // Within Connect's task.shutdown.graceful.timeout.ms (5 s by default).
            if (!thread.awaitTermination(4, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        glue.close();
    }
}
