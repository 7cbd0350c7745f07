package io.millrace.firehose.metrics;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CloudWatch metrics of a delivery stream, under AWS's names, for one task. Exposed over JMX as
 * {@code io.millrace.firehose:type=DeliveryStream,name=<stream>,task=<n>} with one attribute per metric.
 * Success is AWS's ratio of successful PUTs to all PUTs; DataFreshness the age in seconds of the oldest record
 * not yet written.
 */
public final class DeliveryMetrics implements DynamicMBean, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryMetrics.class);

    /** Counters of one S3 output (DeliveryToS3 or BackupToS3). */
    public static final class Output {
        private final AtomicLong records = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicLong puts = new AtomicLong();
        private final AtomicLong successfulPuts = new AtomicLong();
        private volatile LongSupplier oldestPendingArrival = () -> Long.MAX_VALUE;
        /** The counters as the last {@link #sinceLastInterval()} read them. */
        private Interval reported = new Interval(0, 0, 0, 0);

        public void succeeded(long recordCount, long objectBytes) {
            puts.incrementAndGet();
            successfulPuts.incrementAndGet();
            records.addAndGet(recordCount);
            bytes.addAndGet(objectBytes);
        }

        public void failed() {
            puts.incrementAndGet();
        }

        public void oldestPendingArrival(LongSupplier supplier) {
            this.oldestPendingArrival = supplier;
        }

        double success() {
            long all = puts.get();
            return all == 0 ? 1.0 : (double) successfulPuts.get() / all;
        }

        public long successfulPuts() {
            return successfulPuts.get();
        }

        public long failedPuts() {
            return puts.get() - successfulPuts.get();
        }

        public long records() {
            return records.get();
        }

        public long bytes() {
            return bytes.get();
        }

        /** What was counted since the last call, for a publisher of per-interval figures (one caller). */
        public synchronized Interval sinceLastInterval() {
            // Successes read before puts (counted after them): an interval never has more successes than puts.
            long successful = successfulPuts.get();
            Interval now = new Interval(puts.get(), successful, records.get(), bytes.get());
            Interval delta = new Interval(
                    now.puts - reported.puts,
                    now.successfulPuts - reported.successfulPuts,
                    now.records - reported.records,
                    now.bytes - reported.bytes);
            reported = now;
            return delta;
        }

        public long freshnessSeconds() {
            long oldest = oldestPendingArrival.getAsLong();
            return oldest == Long.MAX_VALUE ? 0 : Math.max(0, (System.currentTimeMillis() - oldest) / 1000);
        }
    }

    /** PUTs (all and successful), records and bytes of one interval. */
    public record Interval(long puts, long successfulPuts, long records, long bytes) {}

    /** Counters of the Lambda processor (ExecuteProcessing, SucceedProcessing). */
    public static final class Processing {
        private final AtomicLong invocations = new AtomicLong();
        private final AtomicLong successfulInvocations = new AtomicLong();
        private final AtomicLong invocationMillis = new AtomicLong();
        private final AtomicLong succeededRecords = new AtomicLong();
        private final AtomicLong succeededBytes = new AtomicLong();

        /** One invocation of the function, successful when it answered with a well-formed response. */
        public void invoked(long millis, boolean success) {
            invocations.incrementAndGet();
            invocationMillis.addAndGet(millis);
            if (success) {
                successfulInvocations.incrementAndGet();
            }
        }

        /** Records the function returned Ok or Dropped, and the bytes of the Ok data. */
        public void succeeded(long records, long bytes) {
            succeededRecords.addAndGet(records);
            succeededBytes.addAndGet(bytes);
        }

        double success() {
            long all = invocations.get();
            return all == 0 ? 1.0 : (double) successfulInvocations.get() / all;
        }

        long averageMillis() {
            long all = invocations.get();
            return all == 0 ? 0 : invocationMillis.get() / all;
        }
    }

    private final AtomicLong incomingRecords = new AtomicLong();
    private final AtomicLong incomingBytes = new AtomicLong();
    private final Output delivery = new Output();
    private final Output backup = new Output();
    private final Processing processing = new Processing();
    private final ObjectName name;

    public DeliveryMetrics(String streamName, String taskId) {
        this.name = objectName(streamName, taskId);
        register();
    }

    public static ObjectName objectName(String streamName, String taskId) {
        try {
            return new ObjectName("io.millrace.firehose:type=DeliveryStream,name=" + ObjectName.quote(streamName)
                    + ",task=" + ObjectName.quote(taskId));
        } catch (JMException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void register() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(this, name);
        } catch (JMException e) {
            log.warn("Delivery metrics not exposed over JMX as {}: {}", name, e.toString());
        }
    }

    public void incoming(long bytes) {
        incomingRecords.incrementAndGet();
        incomingBytes.addAndGet(bytes);
    }

    public Output delivery() {
        return delivery;
    }

    public Output backup() {
        return backup;
    }

    public Processing processing() {
        return processing;
    }

    /** Every metric by its AWS name. */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("IncomingBytes", incomingBytes.get());
        m.put("IncomingRecords", incomingRecords.get());
        put(m, "DeliveryToS3", delivery);
        put(m, "BackupToS3", backup);
        // AWS's data transformation metrics; Duration is the mean of all invocations so far, in milliseconds.
        m.put("ExecuteProcessing.Duration", processing.averageMillis());
        m.put("ExecuteProcessing.Success", processing.success());
        m.put("SucceedProcessing.Records", processing.succeededRecords.get());
        m.put("SucceedProcessing.Bytes", processing.succeededBytes.get());
        return m;
    }

    private static void put(Map<String, Object> m, String prefix, Output o) {
        m.put(prefix + ".Success", o.success());
        m.put(prefix + ".Records", o.records.get());
        m.put(prefix + ".Bytes", o.bytes.get());
        m.put(prefix + ".DataFreshness", o.freshnessSeconds());
    }

    @Override
    public void close() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException ignored) {
            // Not registered (JMX refused it at start): nothing to remove.
        }
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Object value = snapshot().get(attribute);
        if (value == null) {
            throw new AttributeNotFoundException(attribute);
        }
        return value;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("Metrics are read-only: " + attribute.getName());
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        Map<String, Object> all = snapshot();
        AttributeList list = new AttributeList();
        for (String a : attributes) {
            if (all.containsKey(a)) {
                list.add(new Attribute(a, all.get(a)));
            }
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("No operations: " + actionName);
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        MBeanAttributeInfo[] attrs = snapshot().entrySet().stream()
                .map(e -> new MBeanAttributeInfo(
                        e.getKey(),
                        e.getValue().getClass().getName(),
                        "Firehose metric " + e.getKey(),
                        true,
                        false,
                        false))
                .toArray(MBeanAttributeInfo[]::new);
        return new MBeanInfo(getClass().getName(), "Firehose delivery stream metrics", attrs, null, null, null);
    }
}
