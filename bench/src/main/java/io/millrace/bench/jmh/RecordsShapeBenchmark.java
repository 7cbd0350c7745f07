package io.millrace.bench.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.gateway.protocol.WireFormat;
import io.millrace.kinesis.api.RecordsShape;
import io.millrace.kinesis.api.SequenceNumberDigits;
import io.millrace.kinesis.model.SequenceNumber;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The read path's encoding as GetRecords does it: a full answer of 10,000 records of 1 KiB, Kafka records whose
 * keys and values are views of a fetched buffer, written by {@link RecordsShape} into a sink that only counts
 * (the gateway writes into network buffers), in JSON 1.1 and CBOR. Next to it, a sequence number formatted as a
 * String by {@link SequenceNumber#format} against written as digits by {@link SequenceNumberDigits}, which the
 * shape uses: for consecutive records in one second (as in an answer: 2^64 added to the last digits in place), for
 * every other record (the full conversion: only the digit groups that changed are written; offsets two apart change
 * the same groups as consecutive ones did before the addition in place) and for records far apart (every group
 * written).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecordsShapeBenchmark {

    private static final int RECORDS = 10_000;
    private static final int RECORD_BYTES = 1024;
    private static final long CREATED_SECONDS = 1_764_000_000L;
    private static final int SHARD = 3;

    @Param({"JSON", "CBOR"})
    public WireFormat format;

    private final WireCodec codec = new WireCodec();
    private ObjectNode answer;
    private final SequenceNumberDigits digits = new SequenceNumberDigits(CREATED_SECONDS, SHARD);
    private long offset = 123_456_789L;
    private final long[] scattered = new long[1024];
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < scattered.length; i++) {
            scattered[i] = random.nextLong(0, Long.MAX_VALUE) >>> random.nextInt(20);
        }
        // One fetched buffer that every key and value is a slice of, as ByteBufferDeserializer hands them out.
        ByteBuffer fetched = ByteBuffer.allocate(RECORDS * (RECORD_BYTES + 16));
        List<ConsumerRecord<ByteBuffer, ByteBuffer>> records = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            byte[] key = String.format("%016x", random.nextLong()).getBytes(StandardCharsets.US_ASCII);
            byte[] value = new byte[RECORD_BYTES];
            random.nextBytes(value);
            int at = fetched.position();
            fetched.put(key).put(value);
            ByteBuffer keyView =
                    fetched.duplicate().position(at).limit(at + key.length).slice();
            ByteBuffer valueView = fetched.duplicate()
                    .position(at + key.length)
                    .limit(at + key.length + value.length)
                    .slice();
            long timestamp = CREATED_SECONDS * 1000 + i;
            records.add(new ConsumerRecord<>(
                    "orders",
                    SHARD,
                    1_000_000L + i,
                    timestamp,
                    TimestampType.CREATE_TIME,
                    key.length,
                    value.length,
                    keyView,
                    valueView,
                    new RecordHeaders(),
                    Optional.empty()));
        }
        answer = WireCodec.object();
        answer.putPOJO("Records", new RecordsShape(records, CREATED_SECONDS, SHARD));
        answer.put("NextShardIterator", "AQAAAaIU3EQzAAAAAQAAAAAAAAABAAABohTcVvAGb3JkZXJzVIWN4pFX3LTfSt1tQmlo9g==");
        answer.put("MillisBehindLatest", 0);
    }

    @Benchmark
    public long encodeGetRecords() {
        CountingSink sink = new CountingSink();
        codec.write(format, answer, sink);
        return sink.bytes;
    }

    @Benchmark
    public String sequenceNumberAsString() {
        return SequenceNumber.format(CREATED_SECONDS, SHARD, offset++, CREATED_SECONDS);
    }

    @Benchmark
    public void sequenceNumberAsDigits(Blackhole hole) {
        hole.consume(digits.write(offset++, CREATED_SECONDS));
        hole.consume(digits.digits());
    }

    @Benchmark
    public void sequenceNumberAsDigitsFullConversion(Blackhole hole) {
        offset += 2;
        hole.consume(digits.write(offset, CREATED_SECONDS));
        hole.consume(digits.digits());
    }

    @Benchmark
    public void sequenceNumberAsDigitsFarApart(Blackhole hole) {
        hole.consume(digits.write(scattered[next++ & (scattered.length - 1)], CREATED_SECONDS));
        hole.consume(digits.digits());
    }

    private static final class CountingSink extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
