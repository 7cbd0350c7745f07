package io.millrace.bench.jmh;

import io.millrace.kinesis.model.SequenceNumber;
import io.millrace.kinesis.sequence.ShardIterator;
import io.millrace.kinesis.sequence.TokenSigner;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-record and per-call codecs: a sequence number is formatted for every record written and read; a shard
 * iterator is sealed and opened on every GetRecords call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenCodecBenchmark {

    private final TokenSigner signer = new TokenSigner("0123456789abcdef0123456789abcdef".getBytes());
    private long offset;
    private String sequence;
    private String iterator;

    @Setup
    public void setUp() {
        sequence = SequenceNumber.format(1_764_000_000L, 3, 123_456_789L, 1_764_000_100L);
        iterator = new ShardIterator("orders", 1_764_000_000_000L, 3, 123_456_789L, 1_764_000_100_000L).encode(signer);
    }

    @Benchmark
    public String formatSequenceNumber() {
        return SequenceNumber.format(1_764_000_000L, 3, offset++, 1_764_000_100L);
    }

    @Benchmark
    public SequenceNumber parseSequenceNumber() {
        return SequenceNumber.parse(sequence);
    }

    @Benchmark
    public String sealIterator() {
        return new ShardIterator("orders", 1_764_000_000_000L, 3, offset++, 1_764_000_100_000L).encode(signer);
    }

    @Benchmark
    public ShardIterator openIterator() {
        return ShardIterator.decode(iterator, signer);
    }
}
