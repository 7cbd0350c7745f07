package io.millrace.lambda.poller;

import io.millrace.gateway.route.GatewayCalls;
import io.millrace.lambda.api.ProcessingResults;
import io.millrace.lambda.invoke.InvocationResult;
import io.millrace.lambda.invoke.Invokers;
import io.millrace.lambda.metrics.FunctionFigure;
import io.millrace.lambda.metrics.FunctionFigures;
import io.millrace.lambda.store.LambdaStore;
import io.millrace.lambda.store.StreamDirectory;
import io.millrace.schemas.lambda.EventSourceMappingRecord;
import io.millrace.schemas.lambda.FunctionRecord;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a poller for every enabled event source mapping of the store on this gateway, and follows the store: a new
 * or enabled mapping starts one, a disabled or deleted mapping stops it, a changed one is restarted with its new
 * settings (from its checkpoints, so nothing settled is repeated). Called again and again by the service's schedule.
 */
public final class MappingPollers implements ProcessingResults, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MappingPollers.class);

    private final LambdaStore store;
    private final StreamDirectory streams;
    private final Invokers invokers;
    private final Map<String, Object> clientProps;
    private final FailureDestination destination;
    private final String region;
    private final Map<String, MappingPoller> running = new ConcurrentHashMap<>();
    private final Map<String, String> lastResults = new ConcurrentHashMap<>();
    private final Set<String> deletedGroups = ConcurrentHashMap.newKeySet();
    private final Admin admin;
    private final FunctionFigures figures;
    private final SourceWatch sources;
    /** The gateway's in-process calls, once it lent them: stream consumer sources subscribe through them. */
    private volatile GatewayCalls calls;

    public MappingPollers(
            LambdaStore store,
            StreamDirectory streams,
            Invokers invokers,
            Map<String, Object> clientProps,
            Producer<byte[], byte[]> producer,
            Admin admin,
            String region,
            FunctionFigures figures,
            long sourceMissingDisableMs) {
        this.sources = new SourceWatch(store, streams, sourceMissingDisableMs);
        this.admin = admin;
        this.figures = figures;
        this.store = store;
        this.streams = streams;
        this.invokers = invokers;
        this.clientProps = clientProps;
        this.destination = new FailureDestination(producer, streams);
        this.region = region;
    }

    /** The consumer group whose committed offsets are a mapping's checkpoints. */
    public static String groupOf(String uuid) {
        return "millrace-lambda-" + uuid;
    }

    /** The gateway's calls, for the pollers of stream consumer sources (SubscribeToShard). */
    public void connect(GatewayCalls gatewayCalls) {
        this.calls = gatewayCalls;
    }

    /** Starts, restarts and stops pollers to match the store. */
    public synchronized void reconcile() {
        Map<String, EventSourceMappingRecord> wanted = new HashMap<>();
        for (EventSourceMappingRecord mapping : store.mappings()) {
            if (mapping.getEnabled()) {
                wanted.put(mapping.getUuid(), mapping);
            }
        }
        sources.check(wanted.values(), System.currentTimeMillis());
        Set<String> stopping = new HashSet<>();
        running.forEach((uuid, poller) -> {
            EventSourceMappingRecord next = wanted.get(uuid);
            if (next == null || next.getVersion() != poller.mapping().getVersion()) {
                stopping.add(uuid);
            }
        });
        for (String uuid : stopping) {
            MappingPoller poller = running.remove(uuid);
            remember(poller);
            poller.stop();
            LOG.info("Event source mapping {} poller stopped", uuid);
            if (store.mapping(uuid).isEmpty()) {
                deletedGroups.add(uuid);
                lastResults.remove(uuid);
            }
        }
        deleteGroups();
        wanted.forEach((uuid, mapping) -> {
            if (!running.containsKey(uuid)) {
                MappingPoller poller = new MappingPoller(
                        mapping,
                        clientProps,
                        streams,
                        (event, lastArrival) -> invoke(mapping, event, lastArrival),
                        destination,
                        region,
                        roleOf(mapping),
                        () -> calls);
                running.put(uuid, poller);
                poller.start();
            }
        });
    }

    /**
     * Deletes the consumer groups (the checkpoints) of deleted mappings. Another gateway's poller of the mapping
     * may still be a member for a moment: the group is not empty then, and deleting it is tried again next time.
     */
    private void deleteGroups() {
        for (String uuid : List.copyOf(deletedGroups)) {
            try {
                admin.deleteConsumerGroups(List.of(groupOf(uuid))).all().get(10, TimeUnit.SECONDS);
                deletedGroups.remove(uuid);
                LOG.info("Event source mapping {}: consumer group {} deleted", uuid, groupOf(uuid));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    deletedGroups.remove(uuid);
                } else if (!(e.getCause() instanceof GroupNotEmptyException)) {
                    LOG.warn(
                            "Deleting the consumer group of mapping {} failed: {}",
                            uuid,
                            e.getCause().toString());
                }
            } catch (TimeoutException e) {
                LOG.warn("Deleting the consumer group of mapping {} timed out", uuid);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private InvocationResult invoke(EventSourceMappingRecord mapping, byte[] event, long lastArrivalMillis)
            throws InterruptedException {
        String arn = mapping.getFunctionArn();
        figures.add(
                arn.substring(arn.lastIndexOf(':') + 1),
                FunctionFigure.ITERATOR_AGE,
                Math.max(0, System.currentTimeMillis() - lastArrivalMillis));
        // A throttled batch waits for the function's concurrency, the shard behind it: nothing is lost.
        return invokers.invokeWhenFree(
                () -> functionOf(mapping),
                event,
                InvocationResult.unhandled(
                        "ResourceNotFoundException", "Function not found: " + mapping.getFunctionArn()));
    }

    private FunctionRecord functionOf(EventSourceMappingRecord mapping) {
        String arn = mapping.getFunctionArn();
        String name = arn.substring(arn.lastIndexOf(':') + 1);
        return store.function(name).filter(f -> f.getArn().equals(arn)).orElse(null);
    }

    private String roleOf(EventSourceMappingRecord mapping) {
        FunctionRecord function = functionOf(mapping);
        return function == null ? "" : function.getRole();
    }

    private void remember(MappingPoller poller) {
        String result = poller.lastResult();
        if (result != null) {
            lastResults.put(poller.mapping().getUuid(), result);
        }
    }

    @Override
    public String lastResult(String uuid) {
        String problem = sources.problem(uuid);
        if (problem != null) {
            return problem;
        }
        MappingPoller poller = running.get(uuid);
        String result = poller == null ? null : poller.lastResult();
        return result != null ? result : lastResults.get(uuid);
    }

    @Override
    public synchronized void close() {
        running.values().forEach(MappingPoller::stop);
        running.clear();
    }
}
