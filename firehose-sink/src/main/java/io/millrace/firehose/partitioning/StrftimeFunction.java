package io.millrace.firehose.partitioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import net.thisptr.jackson.jq.Expression;
import net.thisptr.jackson.jq.Function;
import net.thisptr.jackson.jq.PathOutput;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Version;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import net.thisptr.jackson.jq.path.Path;

/**
 * jq 1.6's {@code strftime(fmt)} on epoch seconds or a broken-down time, in UTC: jackson-jq lacks it, and AWS's own
 * dynamic partitioning examples partition by {@code .event_timestamp|strftime("%Y")}. The C conversions a prefix can
 * use are supported; any other is an error (the record then fails metadata extraction).
 */
final class StrftimeFunction implements Function {
    @Override
    public void apply(Scope scope, List<Expression> args, JsonNode in, Path path, PathOutput output, Version version)
            throws JsonQueryException {
        ZonedDateTime time = time(in);
        args.get(0).apply(scope, in, format -> {
            if (!format.isTextual()) {
                throw new JsonQueryException("strftime/1 requires a string format");
            }
            output.emit(TextNode.valueOf(format(time, format.asText())), null);
        });
    }

    private static ZonedDateTime time(JsonNode in) throws JsonQueryException {
        if (in.isNumber()) {
            double seconds = in.asDouble();
            long whole = (long) Math.floor(seconds);
            return Instant.ofEpochSecond(whole).atZone(ZoneOffset.UTC);
        }
        // jq's broken-down time, as gmtime produces it: [year, month (0-11), day, hours, minutes, seconds, ...].
        if (in.isArray() && in.size() >= 6) {
            return ZonedDateTime.of(
                    in.get(0).asInt(),
                    in.get(1).asInt() + 1,
                    in.get(2).asInt(),
                    in.get(3).asInt(),
                    in.get(4).asInt(),
                    (int) Math.floor(in.get(5).asDouble()),
                    0,
                    ZoneOffset.UTC);
        }
        throw new JsonQueryException("strftime/1 requires parsed datetime inputs");
    }

    static String format(ZonedDateTime t, String fmt) throws JsonQueryException {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%' || i + 1 == fmt.length()) {
                out.append(c);
                continue;
            }
            char conv = fmt.charAt(++i);
            switch (conv) {
                case 'Y' -> out.append(t.getYear());
                case 'y' -> out.append(two(t.getYear() % 100));
                case 'C' -> out.append(two(t.getYear() / 100));
                case 'm' -> out.append(two(t.getMonthValue()));
                case 'd' -> out.append(two(t.getDayOfMonth()));
                case 'e' -> out.append(t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth());
                case 'H' -> out.append(two(t.getHour()));
                case 'I' -> out.append(two(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12));
                case 'M' -> out.append(two(t.getMinute()));
                case 'S' -> out.append(two(t.getSecond()));
                case 'j' -> out.append(String.format("%03d", t.getDayOfYear()));
                case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
                case 'a' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT));
                case 'A' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ROOT));
                case 'b', 'h' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT));
                case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ROOT));
                case 'u' -> out.append(t.getDayOfWeek().getValue());
                case 'w' -> out.append(t.getDayOfWeek().getValue() % 7);
                case 's' -> out.append(t.toEpochSecond());
                case 'Z' -> out.append("UTC");
                case 'z' -> out.append("+0000");
                case 'F' -> out.append(format(t, "%Y-%m-%d"));
                case 'T' -> out.append(format(t, "%H:%M:%S"));
                case 'D' -> out.append(format(t, "%m/%d/%y"));
                case 'R' -> out.append(format(t, "%H:%M"));
                case '%' -> out.append('%');
                default -> throw new JsonQueryException("strftime/1: unsupported conversion %" + conv);
            }
        }
        return out.toString();
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
