package io.millrace.bench.workload;

import java.time.Duration;

/**
 * The shape of a load, shared by the Kinesis workloads and the Kafka baseline so that both run the same thing.
 *
 * @param recordSize bytes of each data blob / Kafka value
 * @param batchSize  records per PutRecords call, or per acknowledged producer batch in the baseline
 * @param shards     shards of the stream, partitions of the baseline topic
 * @param threads    client threads that write
 * @param duration   wall-clock cap of each phase
 * @param maxRecords records to write, 0 for no count limit (the duration alone stops the run)
 * @param rate       records per second across the writers, paced evenly; 0 to write as fast as answers come
 */
public record LoadSpec(
        int recordSize, int batchSize, int shards, int threads, Duration duration, long maxRecords, double rate) {

    public RecordBudget newBudget() {
        return new RecordBudget(duration, maxRecords, rate);
    }
}
