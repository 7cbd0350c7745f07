package io.millrace.gateway.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The binary framing of {@code application/vnd.amazon.eventstream}: a prelude (total length, headers length, and
 * the prelude's CRC32), the headers, the payload, and a CRC32 of everything before it. Only string headers (type
 * 7) are written: the {@code :message-type}, {@code :event-type}/{@code :exception-type} and {@code :content-type}
 * a response needs. Small enough not to be worth a dependency.
 */
public final class EventStreamFrames {

    private static final byte STRING_HEADER = 7;
    private static final int PRELUDE_BYTES = 12;
    private static final int CRC_BYTES = 4;

    private EventStreamFrames() {}

    /** One message with {@code headers} in iteration order. */
    public static byte[] encode(Map<String, String> headers, byte[] payload) {
        int headersLength = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            headersLength += 1 + utf8(header.getKey()).length + 1 + 2 + utf8(header.getValue()).length;
        }
        int total = PRELUDE_BYTES + headersLength + payload.length + CRC_BYTES;
        ByteBuffer out = ByteBuffer.allocate(total);
        out.putInt(total).putInt(headersLength);
        out.putInt((int) crc(out.array(), 0, 8));
        for (Map.Entry<String, String> header : headers.entrySet()) {
            byte[] name = utf8(header.getKey());
            byte[] value = utf8(header.getValue());
            out.put((byte) name.length)
                    .put(name)
                    .put(STRING_HEADER)
                    .putShort((short) value.length)
                    .put(value);
        }
        out.put(payload);
        out.putInt((int) crc(out.array(), 0, total - CRC_BYTES));
        return out.array();
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
