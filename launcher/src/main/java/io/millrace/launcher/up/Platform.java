package io.millrace.launcher.up;

import io.millrace.kinesis.KinesisGateway;
import io.millrace.kinesis.config.KinesisAdapterConfig;
import io.millrace.launcher.LauncherException;
import io.millrace.launcher.kafka.EmbeddedKafka;
import io.millrace.launcher.kafka.EmbeddedKafkaSettings;
import io.millrace.launcher.net.Ports;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services of one {@code millrace up}, started in dependency order and stopped in reverse: the endpoint stops
 * taking requests before the broker under it goes away. Safe to close from a shutdown hook while it is starting.
 */
final class Platform implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

    private record Running(String name, AutoCloseable service) {
    }

    private final Deque<Running> running = new ArrayDeque<>();
    private boolean closed;
    private EmbeddedKafka kafka;
    private KinesisGateway kinesis;

    void start(UpPlan plan) throws Exception {
        Optional<EmbeddedKafkaSettings> embedded = plan.kafka();
        if (embedded.isPresent()) {
            kafka = register("Kafka", startKafka(embedded.get()));
        }
        kinesis = register("Kinesis endpoint", startKinesis(plan.kinesis()));
    }

    Optional<EmbeddedKafka> kafka() {
        return Optional.ofNullable(kafka);
    }

    KinesisGateway kinesis() {
        return kinesis;
    }

    @Override
    public void close() {
        Running service;
        while ((service = next()) != null) {
            try {
                service.service().close();
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly: {}", service.name(), e.toString());
            }
        }
    }

    private synchronized Running next() {
        closed = true;
        return running.pollLast();
    }

    /** A service that finished starting after shutdown began is stopped at once instead of being leaked. */
    private <T extends AutoCloseable> T register(String name, T service) throws Exception {
        synchronized (this) {
            if (!closed) {
                running.addLast(new Running(name, service));
                return service;
            }
        }
        service.close();
        throw new LauncherException("shutting down: " + name + " was stopped before the platform was ready");
    }

    private static EmbeddedKafka startKafka(EmbeddedKafkaSettings settings) throws Exception {
        try {
            return EmbeddedKafka.start(settings);
        } catch (Exception e) {
            if (Ports.isBindFailure(e)) {
                throw new LauncherException("Kafka could not listen on port " + settings.port() + " or its controller"
                        + " port " + settings.controllerPort() + ": already in use (--kafka-port, --controller-port)");
            }
            throw e;
        }
    }

    private static KinesisGateway startKinesis(KinesisAdapterConfig config) throws Exception {
        try {
            return KinesisGateway.start(config);
        } catch (Exception e) {
            if (Ports.isBindFailure(e)) {
                throw Ports.inUse(config.getString(KinesisAdapterConfig.BIND),
                        config.getInt(KinesisAdapterConfig.PORT), "Kinesis endpoint, --port");
            }
            throw e;
        }
    }
}
