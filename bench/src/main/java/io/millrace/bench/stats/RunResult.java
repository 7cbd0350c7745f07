package io.millrace.bench.stats;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Everything one run measured.
 *
 * @param name      short name shown in tables and charts ("put", "kafka put", ...)
 * @param operation what was measured, which decides the Kafka run it is compared with
 * @param kafka     true for the raw Kafka baseline runs
 * @param latencyOf what one latency sample is ("one PutRecords call of 500 records")
 * @param records   records completed
 * @param bytes     payload bytes completed (data blobs or Kafka values, without keys)
 * @param seconds   wall-clock length of the run
 * @param latency   latencies in microseconds
 * @param timeline  one sample per second
 * @param notes     further figures worth a line in the report (errors, MillisBehindLatest, ...)
 */
public record RunResult(
        String name,
        Operation operation,
        boolean kafka,
        String latencyOf,
        long records,
        long bytes,
        double seconds,
        Histogram latency,
        List<Sample> timeline,
        Map<String, String> notes) {

    public static final double MIB = 1024.0 * 1024.0;

    public double recordsPerSecond() {
        return seconds > 0 ? records / seconds : 0;
    }

    public double mibPerSecond() {
        return seconds > 0 ? bytes / MIB / seconds : 0;
    }

    public LatencySummary latencySummary() {
        return LatencySummary.of(latency);
    }
}
