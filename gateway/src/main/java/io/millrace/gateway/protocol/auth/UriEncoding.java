package io.millrace.gateway.protocol.auth;

import java.nio.charset.StandardCharsets;

/** SigV4's URI encoding: every byte but the RFC 3986 unreserved characters as {@code %XX}, upper-case hex. */
final class UriEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UriEncoding() {}

    static String encode(String value, boolean keepSlashes) {
        StringBuilder out = null;
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (isUnreserved(b) || (keepSlashes && b == '/')) {
                if (out != null) {
                    out.append((char) b);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(bytes.length + 16);
                for (int j = 0; j < i; j++) {
                    out.append((char) bytes[j]);
                }
            }
            out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
        }
        return out == null ? value : out.toString();
    }

    private static boolean isUnreserved(int b) {
        return (b >= 'A' && b <= 'Z')
                || (b >= 'a' && b <= 'z')
                || (b >= '0' && b <= '9')
                || b == '-'
                || b == '_'
                || b == '.'
                || b == '~';
    }
}
