package io.millrace.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.GatewayService;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.PrometheusExposition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} as Prometheus scrapes it: the whole page passes a strict reader of the text format, the
 * latency histogram counts each call under its API, action and status, made-up action names fold into one series,
 * the process and JVM series are there, and so are the process's Kafka clients' key metrics.
 */
class GatewayMetricsIT {

    private static final String API = "Echo_20200101";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Gateway gateway;

    @BeforeAll
    static void start() throws InterruptedException {
        gateway = Gateway.start(
                new GatewayConfig(Map.of(GatewayConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9", GatewayConfig.PORT, "0")),
                List.of(new EchoService()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theScrapeIsStrictPrometheusTextWithLatencyPerActionAndStatus() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(call(API + ".Echo").statusCode()).isEqualTo(200);
        }
        assertThat(call(API + ".Fail").statusCode()).isEqualTo(400);
        for (int i = 0; i < 5; i++) {
            assertThat(call(API + ".MadeUp" + i).statusCode()).isEqualTo(400);
        }

        HttpResponse<String> scrape =
                HTTP.send(HttpRequest.newBuilder(endpoint("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.headers().firstValue("Content-Type")).hasValue(PrometheusText.CONTENT_TYPE);
        PrometheusExposition metrics = PrometheusExposition.parse(scrape.body());

        String latency = RequestMetrics.NAME;
        assertThat(metrics.family(latency).type()).isEqualTo("histogram");
        assertThat(metrics.value(latency + "_count", Map.of("api", API, "action", "Echo", "status", "200")))
                .isEqualTo(3);
        assertThat(metrics.value(latency + "_count", Map.of("api", API, "action", "Fail", "status", "400")))
                .isEqualTo(1);
        assertThat(metrics.value(latency + "_count", Map.of("api", API, "action", "other", "status", "400")))
                .isEqualTo(5);
        assertThat(metrics.value(latency + "_sum", Map.of("api", API, "action", "Echo", "status", "200")))
                .isPositive()
                .isLessThan(10);
        assertThat(scrape.body()).doesNotContain("MadeUp");

        assertThat(metrics.value("process_cpu_seconds_total", Map.of())).isPositive();
        assertThat(metrics.value("process_resident_memory_bytes", Map.of())).isGreaterThan(1 << 20);
        assertThat(metrics.value("process_open_fds", Map.of())).isPositive();
        assertThat(metrics.value("jvm_memory_bytes_used", Map.of("area", "heap")))
                .isPositive();
        assertThat(metrics.value("jvm_threads_current", Map.of())).isPositive();
        assertThat(metrics.family("jvm_gc_collection_seconds").samples()).isNotEmpty();
        // The API's own series follow, in the same page.
        assertThat(metrics.value("millrace_echo_calls_total", Map.of("label", "a \"quoted\" \\ value")))
                .isEqualTo(42);
    }

    @Test
    void theProcesssKafkaProducersAndConsumersHaveTheirKeyMetricsByClientId() throws Exception {
        // The page reports every Kafka client of the process (the services' in a gateway); here the test's own.
        String bootstrap = EmbeddedKafka.shared().bootstrapServers();
        String topic = "gateway-metrics-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ProducerConfig.CLIENT_ID_CONFIG,
                                "metrics-it-producer"),
                        new ByteArraySerializer(),
                        new ByteArraySerializer());
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ConsumerConfig.CLIENT_ID_CONFIG,
                                "metrics-it-consumer",
                                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                                2),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, new byte[100])).get();
            }
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            int polled = 0;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (polled < 10 && System.nanoTime() < deadline) {
                polled += consumer.poll(Duration.ofMillis(200)).count();
            }
            assertThat(polled).isEqualTo(10);
            // Kafka counts a fetch's records and bytes consumed when the poll after its last record finds it drained.
            assertThat(consumer.poll(Duration.ofMillis(200)).count()).isZero();

            HttpResponse<String> scrape = HTTP.send(
                    HttpRequest.newBuilder(endpoint("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            PrometheusExposition metrics = PrometheusExposition.parse(scrape.body());
            Map<String, String> producerId = Map.of("client_id", "metrics-it-producer");
            Map<String, String> consumerId = Map.of("client_id", "metrics-it-consumer");
            assertThat(metrics.family("millrace_kafka_producer_record_send_rate")
                            .type())
                    .isEqualTo("gauge");
            assertThat(metrics.value("millrace_kafka_producer_record_send_rate", producerId))
                    .isPositive();
            assertThat(metrics.value("millrace_kafka_producer_request_latency_avg_seconds", producerId))
                    .isPositive()
                    .isLessThan(10);
            assertThat(metrics.value("millrace_kafka_producer_record_error_rate", producerId))
                    .isZero();
            assertThat(metrics.value("millrace_kafka_producer_outgoing_byte_rate", producerId))
                    .isGreaterThan(10 * 100 / 60.0);
            // Two records a poll: after the first, the other eight were behind (the largest lag of Kafka's window).
            assertThat(metrics.value("millrace_kafka_consumer_records_lag_max", consumerId))
                    .isEqualTo(8);
            assertThat(metrics.value("millrace_kafka_consumer_records_consumed_rate", consumerId))
                    .isPositive();
            assertThat(metrics.value("millrace_kafka_consumer_bytes_consumed_rate", consumerId))
                    .isPositive();
        }
        // A closed client's series go with it.
        String after = HTTP.send(
                        HttpRequest.newBuilder(endpoint("/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(after).doesNotContain("metrics-it-producer").doesNotContain("metrics-it-consumer");
    }

    @Test
    void theStrictReaderRefusesWhatAScraperWouldNot() {
        assertThatThrownBy(() -> PrometheusExposition.parse("x_total 1\n")).hasMessageContaining("outside its family");
        assertThatThrownBy(() -> PrometheusExposition.parse("# TYPE x counter\nx 1\n"))
                .hasMessageContaining("_total");
        assertThatThrownBy(() -> PrometheusExposition.parse(
                        "# TYPE h histogram\nh_bucket{le=\"1.0\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n"))
                .hasMessageContaining("shrinking");
        assertThatThrownBy(() -> PrometheusExposition.parse("# TYPE g gauge\ng{a=\"\\x\"} 1\n"))
                .hasMessageContaining("bad escape");
        assertThatThrownBy(() -> PrometheusExposition.parse("# TYPE g gauge\ng 1\ng 2\n"))
                .hasMessageContaining("duplicate");
    }

    private static HttpResponse<String> call(String target) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(endpoint("/"))
                        .header("X-Amz-Target", target)
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI endpoint(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    private static final class EchoService implements GatewayService {
        @Override
        public List<AwsService> apis() {
            return List.of(ActionRegistry.forService(API, "echo")
                    .onIoThread("Echo", request -> JsonNodeFactory.instance.objectNode())
                    .onIoThread("Fail", request -> {
                        throw new io.millrace.gateway.protocol.ApiException("InvalidArgumentException", 400, "always");
                    })
                    .metrics(() -> {
                        StringBuilder out = new StringBuilder();
                        new PrometheusText(out)
                                .family("millrace_echo_calls_total", "counter", "A fixed count \\ with a backslash")
                                .sample("millrace_echo_calls_total", 42, "label", "a \"quoted\" \\ value");
                        return out.toString();
                    })
                    .build());
        }

        @Override
        public void close() {}
    }
}
