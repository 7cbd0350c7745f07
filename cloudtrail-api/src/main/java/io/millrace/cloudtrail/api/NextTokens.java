package io.millrace.cloudtrail.api;

import io.millrace.cloudtrail.errors.CloudTrailErrors;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * LookupEvents' NextToken: where the next page ends in each partition, and a digest of the request it continues, so
 * that a token given with other parameters is refused as AWS refuses it (InvalidNextTokenException).
 */
final class NextTokens {

    private NextTokens() {}

    static String encode(String request, Map<Integer, Long> cursor) {
        StringBuilder text = new StringBuilder(digest(request)).append('|');
        new TreeMap<>(cursor)
                .forEach((partition, offset) ->
                        text.append(partition).append(':').append(offset).append(','));
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Map<Integer, Long> decode(String token, String request) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            if (bar < 0 || !text.substring(0, bar).equals(digest(request))) {
                throw invalid();
            }
            Map<Integer, Long> cursor = new TreeMap<>();
            for (String entry : text.substring(bar + 1).split(",")) {
                if (entry.isEmpty()) {
                    continue;
                }
                int colon = entry.indexOf(':');
                cursor.put(Integer.parseInt(entry.substring(0, colon)), Long.parseLong(entry.substring(colon + 1)));
            }
            return cursor;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw invalid();
        }
    }

    private static RuntimeException invalid() {
        return CloudTrailErrors.invalidNextToken("Invalid NextToken.");
    }

    private static String digest(String request) {
        return Integer.toHexString(request.hashCode());
    }
}
