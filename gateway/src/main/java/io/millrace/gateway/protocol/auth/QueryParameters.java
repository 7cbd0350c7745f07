package io.millrace.gateway.protocol.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A raw query string split into decoded name/value pairs, in order, duplicates kept (SigV4 signs them all). */
final class QueryParameters {

    record Parameter(String name, String value) {}

    private final List<Parameter> parameters;

    private QueryParameters(List<Parameter> parameters) {
        this.parameters = parameters;
    }

    static QueryParameters parse(String rawQuery) {
        List<Parameter> parameters = new ArrayList<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                parameters.add(new Parameter(decode(name), decode(value)));
            }
        }
        return new QueryParameters(parameters);
    }

    List<Parameter> all() {
        return parameters;
    }

    /** The first value of a parameter (names are case-sensitive), or null. */
    String first(String name) {
        for (Parameter parameter : parameters) {
            if (parameter.name().equals(name)) {
                return parameter.value();
            }
        }
        return null;
    }

    boolean has(String name) {
        return first(name) != null;
    }

    /**
     * Percent-decoding only: SDKs encode a space as {@code %20} and a plus as {@code %2B}, so a literal {@code +}
     * is a plus. A malformed escape is kept as it is; the signature check then decides.
     */
    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int plainFrom = 0;
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) != '%' || i + 2 >= raw.length()) {
                continue;
            }
            int high = Character.digit(raw.charAt(i + 1), 16);
            int low = Character.digit(raw.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                continue;
            }
            bytes.writeBytes(raw.substring(plainFrom, i).getBytes(StandardCharsets.UTF_8));
            bytes.write(high * 16 + low);
            i += 2;
            plainFrom = i + 1;
        }
        bytes.writeBytes(raw.substring(plainFrom).getBytes(StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
