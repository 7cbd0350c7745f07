package io.millrace.firehose.api;

import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.config.HttpEndpointKeys;
import io.millrace.firehose.config.OpenSearchKeys;
import io.millrace.firehose.delivery.DeliveryEngine;
import io.millrace.firehose.http.BufferedRecords;
import io.millrace.firehose.it.TestStack;
import io.millrace.firehose.metrics.DeliveryMetrics;
import io.millrace.firehose.opensearch.OpenSearchDelivery;
import io.millrace.firehose.opensearch.OpenSearchSettings;
import io.millrace.firehose.s3.ObjectWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * An OpenSearch destination's task parts on the test stack, for the tests that drive them without Connect: the
 * connector's keys, the delivery, the engine a task would run, and buffers as the engine frames them.
 */
final class OpenSearchDestinations {
    private OpenSearchDestinations() {}

    /** A connector's keys for {@code index} at {@code url}, without rotation; the caller may change them. */
    static Map<String, String> props(String stream, String topic, String bucket, String url, String index) {
        Map<String, String> props = new HashMap<>(TestStack.get().connectorConfig(stream, topic, bucket));
        props.put(HttpEndpointKeys.DESTINATION_TYPE, OpenSearchKeys.AMAZON_OPENSEARCH_SERVICE);
        props.put(OpenSearchKeys.ENDPOINT_URL, url);
        props.put(OpenSearchKeys.INDEX_NAME, index);
        props.put(OpenSearchKeys.INDEX_ROTATION_PERIOD, "NoRotation");
        return props;
    }

    /** The delivery a task of {@code config} makes, its failed documents to the destination's bucket. */
    static OpenSearchDelivery delivery(FirehoseSinkConfig config, LongSupplier clock) {
        return new OpenSearchDelivery(
                config.streamName(),
                OpenSearchSettings.from(config),
                config.destination().bucket(),
                config.destination().keys(),
                new ObjectWriter(TestStack.get().s3(), Map.of()),
                clock);
    }

    /** The engine a task of {@code config} runs, its segment log in the stack's Kafka. */
    static DeliveryEngine engine(FirehoseSinkConfig config, LongSupplier clock, String task) {
        TestStack stack = TestStack.get();
        return new DeliveryEngine(
                config,
                new ObjectWriter(stack.s3(), Map.of()),
                delivery(config, clock),
                stack.segmentLog(config, stack.s3()),
                new DeliveryMetrics(config.streamName(), task),
                clock);
    }

    /** A buffer file holding {@code records} as the engine frames them for a sink, arrived now. */
    static Path buffer(List<String> records) throws IOException {
        Path buffer = Files.createTempFile(TestStack.get().workDir(), "buffer", ".os");
        for (String record : records) {
            Files.write(
                    buffer,
                    BufferedRecords.frame(record.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis()),
                    StandardOpenOption.APPEND);
        }
        return buffer;
    }
}
