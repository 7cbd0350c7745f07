package io.millrace.bench.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
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
 * @param cpu       CPU seconds of the platform process and of the bench during the run
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
        Map<String, String> notes,
        PhaseCpu cpu) {

    public static final double MIB = 1024.0 * 1024.0;

    public double recordsPerSecond() {
        return seconds > 0 ? records / seconds : 0;
    }

    public double mibPerSecond() {
        return seconds > 0 ? bytes / MIB / seconds : 0;
    }

    /** The same run with {@code more} notes after its own. */
    public RunResult withNotes(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(notes);
        all.putAll(more);
        return new RunResult(
                name,
                operation,
                kafka,
                latencyOf,
                records,
                bytes,
                seconds,
                latency,
                timeline,
                Collections.unmodifiableMap(all),
                cpu);
    }

    public LatencySummary latencySummary() {
        return LatencySummary.of(latency);
    }
}
