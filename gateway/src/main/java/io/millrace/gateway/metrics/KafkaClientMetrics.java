package io.millrace.gateway.metrics;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The key metrics of this process's Kafka producers and consumers, as Prometheus gauges labelled {@code client_id}
 * ({@code millrace_kafka_producer_*}, {@code millrace_kafka_consumer_*}). Kafka's clients register every metric as an
 * MBean by default ({@code metric.reporters} is {@code JmxReporter} unless a client configures otherwise, Kafka
 * "Monitoring" docs), so they are read from the platform MBean server when the page is scraped: no client needs to be
 * built differently, and nothing is added on their paths. Kafka's millisecond figures are given in seconds, as
 * Prometheus names its units; a figure without samples yet is Kafka's NaN.
 */
public final class KafkaClientMetrics {

    /** One Kafka metric: its MBean attribute, the Prometheus name after the client kind, help, scale. */
    private record Figure(String attribute, String name, String help, double scale) {}

    private static final List<Figure> PRODUCER = List.of(
            new Figure("record-send-rate", "record_send_rate", "Records sent per second", 1),
            new Figure("record-error-rate", "record_error_rate", "Records failed per second", 1),
            new Figure("record-retry-rate", "record_retry_rate", "Records retried per second", 1),
            new Figure("request-latency-avg", "request_latency_avg_seconds", "Average produce request latency", 1e-3),
            new Figure("request-latency-max", "request_latency_max_seconds", "Longest produce request latency", 1e-3),
            new Figure(
                    "record-queue-time-avg",
                    "record_queue_time_avg_seconds",
                    "Average time a batch waited in the send buffer",
                    1e-3),
            new Figure("outgoing-byte-rate", "outgoing_byte_rate", "Bytes sent to the brokers per second", 1),
            new Figure("buffer-available-bytes", "buffer_available_bytes", "Send buffer memory not in use", 1));

    private static final List<Figure> CONSUMER = List.of(
            new Figure(
                    "records-lag-max",
                    "records_lag_max",
                    "Largest lag in records of any partition the consumer reads",
                    1),
            new Figure("records-consumed-rate", "records_consumed_rate", "Records consumed per second", 1),
            new Figure("bytes-consumed-rate", "bytes_consumed_rate", "Bytes consumed per second", 1),
            new Figure("fetch-rate", "fetch_rate", "Fetch requests per second", 1),
            new Figure("fetch-latency-avg", "fetch_latency_avg_seconds", "Average fetch request latency", 1e-3));

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    public void render(PrometheusText out) {
        render(out, "producer", "producer-metrics", PRODUCER);
        render(out, "consumer", "consumer-fetch-manager-metrics", CONSUMER);
    }

    private void render(PrometheusText out, String kind, String type, List<Figure> figures) {
        Map<String, Map<String, Double>> clients = read("kafka." + kind + ":type=" + type + ",client-id=*", figures);
        for (Figure figure : figures) {
            String name = "millrace_kafka_" + kind + "_" + figure.name();
            boolean started = false;
            for (Map.Entry<String, Map<String, Double>> client : clients.entrySet()) {
                Double value = client.getValue().get(figure.attribute());
                if (value == null) {
                    continue;
                }
                if (!started) {
                    out.family(name, "gauge", figure.help() + " (Kafka " + kind + " " + figure.attribute() + ")");
                    started = true;
                }
                out.sample(name, value * figure.scale(), "client_id", client.getKey());
            }
        }
    }

    /**
     * The figures' attributes of every client's MBean matching {@code pattern}, by client id, in one query and one
     * read per client; a client closing meanwhile is left out.
     */
    private Map<String, Map<String, Double>> read(String pattern, List<Figure> figures) {
        Map<String, Map<String, Double>> clients = new TreeMap<>();
        Set<ObjectName> names;
        try {
            names = server.queryNames(new ObjectName(pattern), null);
        } catch (JMException e) {
            return clients;
        }
        String[] attributes = figures.stream().map(Figure::attribute).toArray(String[]::new);
        for (ObjectName name : names) {
            try {
                Map<String, Double> values = new HashMap<>();
                for (Attribute attribute :
                        server.getAttributes(name, attributes).asList()) {
                    if (attribute.getValue() instanceof Number number) {
                        values.put(attribute.getName(), number.doubleValue());
                    }
                }
                clients.put(clientId(name.getKeyProperty("client-id")), values);
            } catch (JMException e) {
                // Unregistered between the query and the read: the client closed.
            }
        }
        return clients;
    }

    /** JmxReporter quotes a client id with characters an ObjectName value cannot hold; others are as they are. */
    private static String clientId(String value) {
        return value.startsWith("\"") ? ObjectName.unquote(value) : value;
    }
}
