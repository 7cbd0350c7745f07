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

    /**
     * Records and bytes read from the source Kinesis stream (DataReadFromKinesisStream): every record handed to the
     * task for the first time since its partition was assigned, so a replay after a failover counts again, as AWS's
     * "includes rereads due to failovers" says. Bytes are the data blobs as the stream's readers get them.
     */
    public static final class SourceReads {
        private final AtomicLong records = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        /** The counters as the last {@link #sinceLastInterval()} read them. */
        private Reads reported = new Reads(0, 0);

        public void read(long dataBytes) {
            // Bytes before records: an interval never has a record whose bytes it lacks.
            bytes.addAndGet(dataBytes);
            records.incrementAndGet();
        }

        public long records() {
            return records.get();
        }

        public long bytes() {
            return bytes.get();
        }

        /** What was read since the last call, for a publisher of per-interval figures (one caller). */
        public synchronized Reads sinceLastInterval() {
            long recordsNow = records.get();
            Reads now = new Reads(recordsNow, bytes.get());
            Reads delta = new Reads(now.records - reported.records, now.bytes - reported.bytes);
            reported = now;
            return delta;
        }
    }

    /** Records and bytes read from the source in one interval. */
    public record Reads(long records, long bytes) {}

    /**
     * The Lambda processor's invocations of one interval: how many, how many succeeded, their durations (total,
     * shortest, longest, in milliseconds), and the records the function returned Ok or Dropped with the bytes of
     * the Ok data.
     */
    public record Invocations(
            long count,
            long successful,
            long totalMillis,
            long minMillis,
            long maxMillis,
            long succeededRecords,
            long succeededBytes) {

        static final Invocations NONE = new Invocations(0, 0, 0, Long.MAX_VALUE, 0, 0, 0);

        Invocations invoked(long millis, boolean success) {
            return new Invocations(
                    count + 1,
                    successful + (success ? 1 : 0),
                    totalMillis + millis,
                    Math.min(minMillis, millis),
                    Math.max(maxMillis, millis),
                    succeededRecords,
                    succeededBytes);
        }

        Invocations succeeded(long records, long bytes) {
            return new Invocations(
                    count,
                    successful,
                    totalMillis,
                    minMillis,
                    maxMillis,
                    succeededRecords + records,
                    succeededBytes + bytes);
        }
    }

    /** Counters of the Lambda processor (ExecuteProcessing, SucceedProcessing): in total, and per interval. */
    public static final class Processing {
        private Invocations total = Invocations.NONE;
        private Invocations interval = Invocations.NONE;

        /** One invocation of the function, successful when it answered with a well-formed response. */
        public synchronized void invoked(long millis, boolean success) {
            total = total.invoked(millis, success);
            interval = interval.invoked(millis, success);
        }

        /** Records the function returned Ok or Dropped, and the bytes of the Ok data. */
        public synchronized void succeeded(long records, long bytes) {
            total = total.succeeded(records, bytes);
            interval = interval.succeeded(records, bytes);
        }

        /** The invocations since the last call, for a publisher of per-interval figures (one caller). */
        public synchronized Invocations sinceLastInterval() {
            Invocations delta = interval;
            interval = Invocations.NONE;
            return delta;
        }

        synchronized Invocations total() {
            return total;
        }
    }

    private final AtomicLong incomingRecords = new AtomicLong();
    private final AtomicLong incomingBytes = new AtomicLong();
    private final Output delivery = new Output();
    private final Output backup = new Output();
    private final Processing processing = new Processing();
    private final SourceReads kinesisReads = new SourceReads();
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

    /** What the task read from its source Kinesis stream (counted only when that is its source). */
    public SourceReads kinesisReads() {
        return kinesisReads;
    }

    /** Every metric by its AWS name. */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("IncomingBytes", incomingBytes.get());
        m.put("IncomingRecords", incomingRecords.get());
        put(m, "DeliveryToS3", delivery);
        put(m, "BackupToS3", backup);
        m.put("DataReadFromKinesisStream.Records", kinesisReads.records());
        m.put("DataReadFromKinesisStream.Bytes", kinesisReads.bytes());
        // AWS's data transformation metrics; Duration is the mean of all invocations so far, in milliseconds.
        Invocations invocations = processing.total();
        m.put(
                "ExecuteProcessing.Duration",
                invocations.count() == 0 ? 0 : invocations.totalMillis() / invocations.count());
        m.put(
                "ExecuteProcessing.Success",
                invocations.count() == 0 ? 1.0 : (double) invocations.successful() / invocations.count());
        m.put("SucceedProcessing.Records", invocations.succeededRecords());
        m.put("SucceedProcessing.Bytes", invocations.succeededBytes());
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
