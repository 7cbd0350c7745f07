package io.millrace.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CborTimestampBytesTest {

    private final WireCodec codec = new WireCodec();

    /** Every boundary of CBOR's integer forms and of int's range, both signs, and times around now. */
    private static List<Long> instants() {
        List<Long> values = new ArrayList<>(List.of(
                0L,
                1L,
                23L,
                24L,
                255L,
                256L,
                65_535L,
                65_536L,
                (long) Integer.MAX_VALUE,
                Integer.MAX_VALUE + 1L,
                0xFFFF_FFFFL,
                0x1_0000_0000L,
                1_796_000_000_123L,
                Long.MAX_VALUE / 2,
                -1L,
                -24L,
                -25L,
                -256L,
                -257L,
                -65_536L,
                -65_537L,
                (long) Integer.MIN_VALUE,
                Integer.MIN_VALUE - 1L,
                -62_135_596_800_000L));
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 1_000; i++) {
            values.add(random.nextLong(-4_000_000_000_000L, 4_000_000_000_000L));
        }
        return values;
    }

    @Test
    void awsCborBytesAreWhatTheGeneratorWrites() {
        for (long millis : instants()) {
            assertThat(encode(WireFormat.CBOR, millis, true))
                    .as("epoch millis %d", millis)
                    .isEqualTo(encode(WireFormat.CBOR, millis, false));
        }
    }

    @Test
    void rpcV2CborBytesAreWhatTheGeneratorWrites() {
        for (long millis : instants()) {
            assertThat(encode(WireFormat.RPC_V2_CBOR, millis, true))
                    .as("epoch millis %d", millis)
                    .isEqualTo(encode(WireFormat.RPC_V2_CBOR, millis, false));
        }
    }

    @Test
    void jsonTimestampsHaveNoCborBytes() {
        ObjectNode body = WireCodec.object();
        body.putPOJO("T", new Probe(0, false, true));
        assertThat(new String(codec.write(WireFormat.JSON, body))).isEqualTo("{\"T\":[false]}");
    }

    private byte[] encode(WireFormat format, long millis, boolean raw) {
        ObjectNode body = WireCodec.object();
        body.putPOJO("T", new Probe(millis, raw, false));
        return codec.write(format, body);
    }

    /**
     * One timestamp in an array of indefinite length (raw bytes are not counted by a sized one), written by the
     * codec's serializer or by its {@link CborTimestampBytes}; or, with {@code report}, whether it has the latter.
     */
    private record Probe(long millis, boolean raw, boolean report) implements JsonSerializable {
        @Override
        public void serialize(JsonGenerator gen, SerializerProvider provider) throws IOException {
            JsonSerializer<Object> serializer = provider.findValueSerializer(Instant.class);
            gen.writeStartArray();
            if (report) {
                gen.writeBoolean(serializer instanceof CborTimestampBytes);
            } else if (raw) {
                byte[] out = new byte[CborTimestampBytes.MAX_BYTES];
                int length = ((CborTimestampBytes) serializer).write(millis, out, 0);
                ((CBORGenerator) gen).writeBytes(out, 0, length);
            } else {
                serializer.serialize(Instant.ofEpochMilli(millis), gen, provider);
            }
            gen.writeEndArray();
        }

        @Override
        public void serializeWithType(JsonGenerator gen, SerializerProvider provider, TypeSerializer typeSer)
                throws IOException {
            serialize(gen, provider);
        }
    }
}
