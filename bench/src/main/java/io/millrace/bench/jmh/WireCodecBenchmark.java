package io.millrace.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.gateway.protocol.WireFormat;
import java.time.Instant;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The endpoint's request and response codec on its hottest shapes: decoding a PutRecords body of 500 records of
 * 1 KiB (with every blob read, base64 in JSON, byte strings in CBOR) and encoding a GetRecords answer of 500
 * records. Compare JSON 1.1 with CBOR, the AWS SDK for Java v2's default.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WireCodecBenchmark {

    private static final int RECORDS = 500;
    private static final int RECORD_BYTES = 1024;

    @Param({"JSON", "CBOR"})
    public WireFormat format;

    private final WireCodec codec = new WireCodec();
    private byte[] putRecordsBody;
    private ObjectNode getRecordsResponse;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(7);
        ObjectNode request = WireCodec.object();
        request.put("StreamName", "orders");
        ArrayNode records = request.putArray("Records");
        ObjectNode response = WireCodec.object();
        ArrayNode returned = response.putArray("Records");
        for (int i = 0; i < RECORDS; i++) {
            byte[] data = new byte[RECORD_BYTES];
            random.nextBytes(data);
            ObjectNode record = records.addObject();
            record.set("Data", BinaryNode.valueOf(data));
            record.put("PartitionKey", "customer-" + i);
            ObjectNode out = returned.addObject();
            out.put("SequenceNumber", "49590338271490256608559692538361571095921575989136588898");
            out.putPOJO("ApproximateArrivalTimestamp", Instant.ofEpochMilli(1_764_000_000_000L + i));
            out.set("Data", BinaryNode.valueOf(data));
            out.put("PartitionKey", "customer-" + i);
        }
        response.put("NextShardIterator", "AQAAAaIU3EQzAAAAAQAAAAAAAAABAAABohTcVvAGb3JkZXJzVIWN4pFX3LTfSt1tQmlo9g==");
        response.put("MillisBehindLatest", 0);
        putRecordsBody = codec.write(format, request);
        getRecordsResponse = response;
    }

    @Benchmark
    public void decodePutRecords(Blackhole sink) {
        JsonNode body = codec.read(format, putRecordsBody);
        for (JsonNode record : body.get("Records")) {
            sink.consume(Fields.blob(record, "Data"));
            sink.consume(Fields.text(record, "PartitionKey"));
        }
    }

    @Benchmark
    public byte[] encodeGetRecords() {
        return codec.write(format, getRecordsResponse);
    }
}
