package io.millrace.dynamodb;

import io.millrace.dynamodb.api.DynamoDbApi;
import io.millrace.dynamodb.store.ItemStore;
import io.millrace.dynamodb.store.TableStore;
import io.millrace.gateway.GatewayService;
import io.millrace.gateway.Resources;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.store.VersionedTopic;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DynamoDB API and the clients behind it, hosted by a {@link io.millrace.gateway.Gateway}: tables and items in
 * one compacted topic that every gateway tails. Start it with the same Kafka client properties as the gateway;
 * close it after the gateway.
 */
public final class DynamoDbService implements GatewayService {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbService.class);

    private final Deque<AutoCloseable> resources;
    private final AwsService api;

    private DynamoDbService(Deque<AutoCloseable> resources, AwsService api) {
        this.resources = resources;
        this.api = api;
    }

    public static DynamoDbService start(DynamoDbConfig config, Map<String, Object> kafkaClientProps) throws Exception {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            VersionedTopic topic = VersionedTopic.withOwnAdmin(
                    kafkaClientProps, config.getString(DynamoDbConfig.TOPIC), "millrace-dynamodb");
            resources.push(topic);
            TableStore tables = new TableStore(topic);
            ItemStore items = new ItemStore(topic);
            topic.start(Duration.ofSeconds(60));
            ExecutorService readers =
                    Executors.newFixedThreadPool(config.getInt(DynamoDbConfig.READER_THREADS), runnable -> {
                        Thread thread = new Thread(runnable, "millrace-dynamodb-reader");
                        thread.setDaemon(true);
                        return thread;
                    });
            resources.push(readers::shutdownNow);
            ScheduledExecutorService repairs = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "millrace-dynamodb-repair");
                thread.setDaemon(true);
                return thread;
            });
            resources.push(repairs::shutdownNow);
            long interval = config.getLong(DynamoDbConfig.REPAIR_INTERVAL_MS);
            repairs.scheduleWithFixedDelay(
                    () -> {
                        tables.repair();
                        items.repair();
                    },
                    interval,
                    interval,
                    TimeUnit.MILLISECONDS);
            LOG.info("DynamoDB API ready: {} tables in {}", tables.tables().size(), topic.topic());
            return new DynamoDbService(resources, DynamoDbApi.actions(tables, items, readers));
        } catch (Exception | Error e) {
            Resources.closeAll(resources, "the DynamoDB API");
            throw e;
        }
    }

    @Override
    public List<AwsService> apis() {
        return List.of(api);
    }

    @Override
    public void close() {
        Resources.closeAll(resources, "the DynamoDB API");
    }
}
