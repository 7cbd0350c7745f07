package io.millrace.cloudtrail.delivery;

import io.millrace.cloudtrail.s3.TrailBuckets;
import io.millrace.cloudtrail.trail.Trail;
import io.millrace.cloudtrail.trail.TrailStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deliveries this gateway takes part in: one member of each trail's consumer group for every trail that ever
 * started logging (a stopped trail's member still delivers what was logged before StopLogging), checked against the
 * trail store every second. Gateways hold no delivery state of their own: the groups' offsets and the store do.
 */
public final class TrailDeliveries implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrailDeliveries.class);
    private static final long CHECK_MS = 1_000;

    private final Map<String, Object> kafkaClientProps;
    private final String topic;
    private final TrailStore store;
    private final TrailBuckets buckets;
    private final Duration period;
    private final Clock clock;
    private final ScheduledExecutorService checker;
    /** By consumer group: one per trail incarnation. */
    private final Map<String, TrailDelivery> running = new HashMap<>();

    public TrailDeliveries(
            Map<String, Object> kafkaClientProps,
            String topic,
            TrailStore store,
            TrailBuckets buckets,
            Duration period,
            Clock clock) {
        this.kafkaClientProps = kafkaClientProps;
        this.topic = topic;
        this.store = store;
        this.buckets = buckets;
        this.period = period;
        this.clock = clock;
        this.checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "millrace-trail-deliveries");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        checker.scheduleWithFixedDelay(this::check, 0, CHECK_MS, TimeUnit.MILLISECONDS);
    }

    private synchronized void check() {
        try {
            Set<String> wanted = new HashSet<>();
            for (Trail trail : store.trails()) {
                if (trail.startLoggingMillis() == null) {
                    continue;
                }
                String group = TrailDelivery.groupId(trail);
                wanted.add(group);
                if (!running.containsKey(group)) {
                    TrailDelivery delivery =
                            new TrailDelivery(kafkaClientProps, topic, store, trail, buckets, period, clock);
                    running.put(group, delivery);
                    delivery.start();
                    LOG.info(
                            "Trail {}: this gateway joined its delivery (every {} s)",
                            trail.name(),
                            period.toSeconds());
                }
            }
            for (Iterator<Map.Entry<String, TrailDelivery>> it =
                            running.entrySet().iterator();
                    it.hasNext(); ) {
                Map.Entry<String, TrailDelivery> entry = it.next();
                if (!wanted.contains(entry.getKey())) {
                    it.remove();
                    entry.getValue().close();
                }
            }
            store.repair();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Checking the trails to deliver failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        checker.shutdownNow();
        for (TrailDelivery delivery : running.values()) {
            delivery.close();
        }
        running.clear();
    }
}
