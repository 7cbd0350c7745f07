package io.millrace.gateway.http;

import io.millrace.gateway.protocol.ApiException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Request bodies the SDKs compress: operations with Smithy's {@code requestCompression} trait (CloudWatch's
 * PutMetricData) are sent with {@code Content-Encoding: gzip} once larger than 10 KiB. SigV4 signs the compressed
 * bytes, so a body is decoded after its signature is checked. A body that does not inflate, or inflates past the
 * gateway's 16 MiB bound, is the client's SerializationException.
 */
final class ContentEncoding {

    private static final int MAX_DECODED = 16 * 1024 * 1024;

    private ContentEncoding() {}

    static byte[] decode(String contentEncoding, byte[] body) {
        if (contentEncoding == null || body.length == 0) {
            return body;
        }
        String encoding = contentEncoding.trim().toLowerCase(Locale.ROOT);
        if (encoding.isEmpty() || encoding.equals("identity")) {
            return body;
        }
        if (!encoding.equals("gzip")) {
            throw ApiException.serialization("Unsupported Content-Encoding: " + contentEncoding);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 4);
            byte[] buffer = new byte[16 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                if (out.size() > MAX_DECODED) {
                    throw ApiException.serialization("Request body exceeds " + MAX_DECODED + " bytes once inflated");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.serialization("Malformed gzip request body");
        }
    }
}
