package io.millrace.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RpcV2TargetTest {

    @Test
    void thePathNamesServiceAndOperationBehindAnyPrefix() {
        assertThat(RpcV2Target.of("/service/GraniteServiceVersion20100801/operation/PutMetricData"))
                .isEqualTo(new RpcV2Target("GraniteServiceVersion20100801", "PutMetricData"));
        assertThat(RpcV2Target.of("/prefix/service/S/operation/Op?x=1")).isEqualTo(new RpcV2Target("S", "Op"));
    }

    @Test
    void aPathThatNamesNoOperationIsUnknownOperation() {
        for (String path : new String[] {
            "/", "/service/S", "/service//operation/Op", "/service/S/operation/", "/service/S/x/operation/Op/y"
        }) {
            assertThatThrownBy(() -> RpcV2Target.of(path))
                    .as(path)
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.type()).isEqualTo("UnknownOperationException"));
        }
    }

    @Test
    void timestampsAreTagOneWithEpochSeconds() throws Exception {
        byte[] encoded = new WireCodec()
                .write(
                        WireFormat.RPC_V2_CBOR,
                        WireCodec.object().putPOJO("T", Instant.ofEpochMilli(1_700_000_000_250L)));
        try (CBORParser parser = new CBORFactory().createParser(encoded)) {
            parser.nextToken();
            parser.nextToken();
            parser.nextToken();
            assertThat(parser.getCurrentTag()).isEqualTo(1);
            assertThat(parser.getDoubleValue()).isEqualTo(1_700_000_000.25);
        }
        assertThat(new ObjectMapper(new CBORFactory())
                        .readTree(encoded)
                        .path("T")
                        .doubleValue())
                .isEqualTo(1_700_000_000.25);
    }
}
