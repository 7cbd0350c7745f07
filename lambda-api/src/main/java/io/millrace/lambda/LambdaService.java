package io.millrace.lambda;

import io.millrace.gateway.GatewayService;
import io.millrace.gateway.Resources;
import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.route.GatewayCalls;
import io.millrace.gateway.store.VersionedTopic;
import io.millrace.lambda.api.LambdaApi;
import io.millrace.lambda.api.ProcessingResults;
import io.millrace.lambda.errors.LambdaErrors;
import io.millrace.lambda.invoke.Concurrency;
import io.millrace.lambda.invoke.Invokers;
import io.millrace.lambda.members.GatewayMembers;
import io.millrace.lambda.metrics.FunctionFigures;
import io.millrace.lambda.metrics.LambdaMetricsPublisher;
import io.millrace.lambda.poller.MappingPollers;
import io.millrace.lambda.store.LambdaStore;
import io.millrace.lambda.store.StreamDirectory;
import io.millrace.metrics.MetricSink;
import io.millrace.schemas.lambda.FunctionRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda API and what stands behind it, hosted by a {@link io.millrace.gateway.Gateway}: functions and event
 * source mappings in one compacted topic every gateway tails, the streams' metadata read from the Kinesis API's
 * topic, and the pollers of the mappings. Start it with the same Kafka client properties, region and account as the
 * gateway; close it after the gateway.
 */
public final class LambdaService implements GatewayService {

    private static final Logger LOG = LoggerFactory.getLogger(LambdaService.class);
    /** How often the pollers are matched to the store's mappings, and lost writes repaired. */
    private static final long RECONCILE_MS = 500;
    /**
     * How long a starting gateway waits to see itself among the gateways before it counts itself alone: short, so a
     * restart after a kill -9 (whose dead member holds the group until its session ends) does not hold the ready line.
     */
    private static final Duration MEMBERSHIP_WAIT = Duration.ofSeconds(3);

    private final Deque<AutoCloseable> resources;
    private final ActionRegistry api;
    private final LambdaStore store;

    private final FunctionFigures figures;
    /** Null when this gateway runs no pollers. */
    private final MappingPollers pollers;

    private LambdaService(
            Deque<AutoCloseable> resources,
            ActionRegistry api,
            LambdaStore store,
            FunctionFigures figures,
            MappingPollers pollers) {
        this.pollers = pollers;
        this.resources = resources;
        this.api = api;
        this.store = store;
        this.figures = figures;
    }

    public static LambdaService start(
            LambdaConfig config, Map<String, Object> kafkaClientProps, String region, String accountId)
            throws Exception {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            VersionedTopic topic = VersionedTopic.withOwnAdmin(
                    kafkaClientProps, config.getString(LambdaConfig.TOPIC), "millrace-lambda");
            resources.push(topic);
            LambdaStore store = new LambdaStore(topic);
            VersionedTopic metadata = VersionedTopic.withOwnAdmin(
                    kafkaClientProps, config.getString(LambdaConfig.STREAMS_METADATA_TOPIC), "millrace-lambda-streams");
            resources.push(metadata);
            StreamDirectory streams = new StreamDirectory(metadata);
            topic.start(Duration.ofSeconds(60));
            metadata.start(Duration.ofSeconds(60));

            int threads = config.getInt(LambdaConfig.INVOKE_THREADS);
            // A full queue is Lambda's throttling answer, not an internal failure.
            RejectedExecutionHandler throttle = (task, pool) -> {
                throw LambdaErrors.tooManyRequests("Rate Exceeded.");
            };
            ExecutorService executor = new ThreadPoolExecutor(
                    threads,
                    threads,
                    60,
                    TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(1000),
                    daemon("millrace-lambda-api"),
                    throttle);
            resources.push(executor::shutdownNow);
            ExecutorService asyncInvocations = new ThreadPoolExecutor(
                    threads,
                    threads,
                    60,
                    TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(10_000),
                    daemon("millrace-lambda-event"),
                    throttle);
            resources.push(asyncInvocations::shutdownNow);
            ExecutorService functionThreads = Executors.newCachedThreadPool(daemon("millrace-lambda-function"));
            resources.push(functionThreads::shutdownNow);
            FunctionFigures figures = new FunctionFigures();
            // Reserved concurrency holds across the gateways: each runs its share, from the live gateways.
            GatewayMembers members =
                    GatewayMembers.join(kafkaClientProps, config.getString(LambdaConfig.TOPIC), MEMBERSHIP_WAIT);
            resources.push(members);
            Concurrency concurrency = new Concurrency(
                    config.getInt(LambdaConfig.CONCURRENT_EXECUTIONS),
                    () -> store.functions().stream()
                            .map(FunctionRecord::getReservedConcurrentExecutions)
                            .filter(java.util.Objects::nonNull)
                            .mapToInt(Integer::intValue)
                            .sum(),
                    figures,
                    members);
            Invokers invokers = new Invokers(functionThreads, figures, concurrency);

            ProcessingResults results = ProcessingResults.NONE;
            MappingPollers pollers = null;
            if (config.getBoolean(LambdaConfig.POLLERS)) {
                Map<String, Object> producerProps = new HashMap<>(kafkaClientProps);
                producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
                producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "millrace-lambda-on-failure");
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
                resources.push(producer::close);
                Map<String, Object> adminProps = new HashMap<>(kafkaClientProps);
                adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "millrace-lambda-groups");
                Admin admin = Admin.create(adminProps);
                resources.push(admin::close);
                pollers = new MappingPollers(
                        store,
                        streams,
                        invokers,
                        kafkaClientProps,
                        producer,
                        admin,
                        region,
                        figures,
                        config.getLong(LambdaConfig.SOURCE_MISSING_DISABLE_MS));
                resources.push(pollers);
                ScheduledExecutorService schedule =
                        Executors.newSingleThreadScheduledExecutor(daemon("millrace-lambda-pollers"));
                resources.push(schedule::shutdownNow);
                MappingPollers reconciled = pollers;
                schedule.scheduleWithFixedDelay(
                        () -> {
                            try {
                                reconciled.reconcile();
                                store.repair();
                            } catch (RuntimeException e) {
                                LOG.warn("Matching the pollers to the mappings failed: {}", e.toString());
                            }
                        },
                        0,
                        RECONCILE_MS,
                        TimeUnit.MILLISECONDS);
                results = pollers;
            }
            ActionRegistry api = LambdaApi.actions(
                    store,
                    streams,
                    invokers,
                    executor,
                    asyncInvocations,
                    config.getList(LambdaConfig.URL_ALLOWLIST),
                    results,
                    concurrency);
            LOG.info(
                    "Lambda API ready: {} functions, {} event source mappings in {}",
                    store.functions().size(),
                    store.mappings().size(),
                    store.topic());
            return new LambdaService(resources, api, store, figures, pollers);
        } catch (Exception | Error e) {
            Resources.closeAll(resources, "the Lambda API");
            throw e;
        }
    }

    /**
     * Publishes the AWS/Lambda metrics of the invocations this gateway runs (Invocations, Errors, Duration,
     * IteratorAge) to {@code sink} every {@code interval}, until the service or the returned publisher closes.
     */
    public AutoCloseable publishMetricsTo(MetricSink sink, Duration interval) {
        LambdaMetricsPublisher publisher = new LambdaMetricsPublisher(figures, sink, Clock.systemUTC(), interval);
        resources.push(publisher);
        return publisher;
    }

    /** Stream consumer sources read through the gateway's SubscribeToShard, called in-process. */
    @Override
    public void connect(GatewayCalls calls) {
        if (pollers != null) {
            pollers.connect(calls);
        }
    }

    public LambdaStore store() {
        return store;
    }

    @Override
    public List<AwsService> apis() {
        return List.of(api);
    }

    @Override
    public void close() {
        Resources.closeAll(resources, "the Lambda API");
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
