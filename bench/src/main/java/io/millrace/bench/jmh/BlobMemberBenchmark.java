package io.millrace.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.gateway.protocol.WireFormat;
import java.io.IOException;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The Data members of a JSON PutRecords body (500 records of 1 KiB, base64 text once parsed): read by
 * {@link Fields#blob} as the endpoint does, against Jackson's own decoding of the same text nodes (what
 * {@code Fields.blob} did before it took the JDK's decoder). Parsing is outside the measured work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BlobMemberBenchmark {

    private static final int RECORDS = 500;
    private static final int RECORD_BYTES = 1024;

    private JsonNode records;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(16);
        ObjectNode request = WireCodec.object();
        ArrayNode list = request.putArray("Records");
        for (int i = 0; i < RECORDS; i++) {
            byte[] data = new byte[RECORD_BYTES];
            random.nextBytes(data);
            ObjectNode record = list.addObject();
            record.set("Data", BinaryNode.valueOf(data));
            record.put("PartitionKey", "customer-" + i);
        }
        WireCodec codec = new WireCodec();
        records = codec.read(WireFormat.JSON, codec.write(WireFormat.JSON, request))
                .get("Records");
    }

    @Benchmark
    public void fieldsBlob(Blackhole sink) {
        for (JsonNode record : records) {
            sink.consume(Fields.blob(record, "Data"));
        }
    }

    @Benchmark
    public void jacksonBinaryValue(Blackhole sink) throws IOException {
        for (JsonNode record : records) {
            sink.consume(record.get("Data").binaryValue());
        }
    }
}
