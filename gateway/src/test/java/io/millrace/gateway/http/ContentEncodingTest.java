package io.millrace.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.gateway.protocol.ApiException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ContentEncodingTest {

    @Test
    void gzipBodiesAreInflatedAndOthersPassAsTheyAre() throws Exception {
        byte[] plain = "{\"Namespace\":\"n\"}".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(plain);
        }
        assertThat(ContentEncoding.decode("gzip", compressed.toByteArray())).isEqualTo(plain);
        assertThat(ContentEncoding.decode(null, plain)).isSameAs(plain);
        assertThat(ContentEncoding.decode("identity", plain)).isSameAs(plain);
    }

    @Test
    void aBodyThatDoesNotInflateOrAnUnknownEncodingIsSerializationException() {
        for (String encoding : new String[] {"gzip", "br"}) {
            assertThatThrownBy(() -> ContentEncoding.decode(encoding, new byte[] {1, 2, 3}))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.type()).isEqualTo("SerializationException"));
        }
    }
}
