package io.millrace.bench.jmh;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.api.RecordBatch;
import io.millrace.gateway.protocol.BodyReader;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.gateway.protocol.WireFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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

/**
 * Reading a PutRecordBatch body of 500 records of 1 KiB into the records the producer sends, the two ways the
 * gateway can: {@code tree} parses the body into a Jackson tree (each Data a base64 {@code String} in JSON, a copied
 * array in CBOR) and decodes each record from it; {@code streamed} reads it in one pass with
 * {@link RecordBatch#READER}, each Data decoded from the request's bytes into its own array. JSON 1.1 is what every
 * Firehose SDK sends; CBOR for comparison with the Kinesis API's default.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PutRecordBatchBenchmark {

    private static final int RECORDS = 500;
    private static final int RECORD_BYTES = 1024;

    @Param({"JSON", "CBOR"})
    public WireFormat format;

    private final WireCodec codec = new WireCodec();
    private byte[] body;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(16);
        ObjectNode request = WireCodec.object();
        request.put("DeliveryStreamName", "orders");
        ArrayNode records = request.putArray("Records");
        for (int i = 0; i < RECORDS; i++) {
            byte[] data = new byte[RECORD_BYTES];
            random.nextBytes(data);
            records.addObject().set("Data", BinaryNode.valueOf(data));
        }
        body = codec.write(format, request);
    }

    @Benchmark
    public RecordBatch tree() {
        return RecordBatch.of(codec.read(format, body));
    }

    @Benchmark
    public BodyReader.Decoded streamed() {
        return codec.read(format, body, RecordBatch.READER);
    }
}
