package io.millrace.cloudwatch.peer;

import static io.millrace.gateway.protocol.auth.SigningKeys.hmac;
import static io.millrace.gateway.protocol.auth.SigningKeys.sha256Hex;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs a peer read with SigV4 (AWS's "Create a signed AWS API request"), the way the SDKs sign a JSON 1.0 call:
 * {@code POST /}, the host, date, target and content type signed, the payload's SHA-256 in the canonical request.
 */
final class PeerSigner {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String SERVICE = "monitoring";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final PeerCredential credential;
    private final String region;

    PeerSigner(PeerCredential credential, String region) {
        this.credential = credential;
        this.region = region;
    }

    /** The headers to send: {@code X-Amz-Date} and {@code Authorization} besides {@code headers}. */
    Map<String, String> sign(String hostAndPort, Map<String, String> headers, byte[] body, Instant now) {
        String amzDate = AMZ_DATE.format(now);
        String date = amzDate.substring(0, 8);
        TreeMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> signed.put(name.toLowerCase(java.util.Locale.ROOT), value.trim()));
        signed.put("host", hostAndPort);
        signed.put("x-amz-date", amzDate);
        StringBuilder canonical = new StringBuilder("POST\n/\n\n");
        signed.forEach((name, value) ->
                canonical.append(name).append(':').append(value).append('\n'));
        String signedNames = String.join(";", signed.keySet());
        canonical.append('\n').append(signedNames).append('\n').append(sha256Hex(body));
        String scope = date + "/" + region + "/" + SERVICE + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(("AWS4" + credential.secret()).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, SERVICE);
        key = hmac(key, "aws4_request");
        Map<String, String> out = new LinkedHashMap<>(headers);
        out.put("X-Amz-Date", amzDate);
        out.put(
                "Authorization",
                ALGORITHM + " Credential=" + PeerCredential.ACCESS_KEY_ID + "/" + scope + ", SignedHeaders="
                        + signedNames + ", Signature=" + HexFormat.of().formatHex(hmac(key, stringToSign)));
        return out;
    }
}
