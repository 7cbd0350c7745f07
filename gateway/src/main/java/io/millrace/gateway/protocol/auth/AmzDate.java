package io.millrace.gateway.protocol.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** SigV4 timestamps: ISO 8601 basic format ({@code 20261125T221503Z}), and AWS's clock-skew messages. */
final class AmzDate {

    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .withResolverStyle(ResolverStyle.STRICT);

    private AmzDate() {}

    static String format(Instant instant) {
        return BASIC.format(instant);
    }

    /** Parses an {@code X-Amz-Date} value. */
    static Instant parseBasic(String value) {
        try {
            return Instant.from(BASIC.parse(value));
        } catch (DateTimeParseException e) {
            throw SigV4Errors.incomplete("Date must be in ISO-8601 'basic format'. Got '" + value
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    /** Parses an HTTP {@code Date} header, which SigV4 accepts when there is no {@code X-Amz-Date}. */
    static Instant parseHttpDate(String value) {
        try {
            return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim()));
        } catch (DateTimeParseException e) {
            throw SigV4Errors.incomplete("Date must be in ISO-8601 'basic format'. Got '" + value
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    /**
     * Rejects a timestamp more than {@code skew} from {@code now}, in AWS's words, for example
     * {@code Signature expired: 20140325T143453Z is now earlier than 20140325T143751Z (20140325T145251Z - 15 min.)}.
     */
    static void checkSkew(Instant signedAt, Instant now, Duration skew) {
        String minutes = skew.toMinutes() + " min.";
        Instant earliest = now.minus(skew);
        if (signedAt.isBefore(earliest)) {
            throw SigV4Errors.invalid("Signature expired: " + format(signedAt) + " is now earlier than "
                    + format(earliest) + " (" + format(now) + " - " + minutes + ")");
        }
        Instant latest = now.plus(skew);
        if (signedAt.isAfter(latest)) {
            throw SigV4Errors.invalid("Signature not yet current: " + format(signedAt) + " is still later than "
                    + format(latest) + " (" + format(now) + " + " + minutes + ")");
        }
    }

    /**
     * Rejects a presigned request past its {@code X-Amz-Expires} as AWS does: an expired URL is no wrong signature
     * but a refusal, {@code AccessDenied} with "Request has expired" (S3 and the Query APIs answer it so, with a 403;
     * the JSON APIs' AccessDeniedException, a 400, which the Query protocol translates to AccessDenied and 403).
     */
    static void checkExpiry(Instant signedAt, long expiresSeconds, Instant now) {
        if (signedAt.plusSeconds(expiresSeconds).isBefore(now)) {
            throw SigV4Errors.requestExpired();
        }
    }
}
