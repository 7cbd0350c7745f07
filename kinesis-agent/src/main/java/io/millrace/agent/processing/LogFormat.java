package io.millrace.agent.processing;

import java.util.List;
import java.util.regex.Pattern;

/**
 * LOGTOJSON's logFormat values: the agent's patterns (grok-style building blocks) and the field names it gives their
 * groups. A line that does not match is skipped, as the agent skips it.
 */
public enum LogFormat {
    COMMONAPACHELOG(Patterns.COMMON_APACHE_LOG + ".*", Fields.COMMON, true),
    COMBINEDAPACHELOG(Patterns.COMBINED_APACHE_LOG + ".*", Fields.COMBINED, true),
    APACHEERRORLOG(Patterns.APACHE_ERROR_LOG, Fields.ERROR, true),
    SYSLOG(Patterns.SYSLOG, Fields.SYSLOG, false),
    /** Syslog with an RFC 3339 timestamp in front (rsyslog's high-precision format). */
    RFC3339SYSLOG(Patterns.RFC3339_SYSLOG, Fields.SYSLOG, false);

    private final Pattern pattern;
    private final List<String> fields;
    private final boolean dashIsNull;

    LogFormat(String pattern, List<String> fields, boolean dashIsNull) {
        this.pattern = Pattern.compile(pattern);
        this.fields = fields;
        this.dashIsNull = dashIsNull;
    }

    public Pattern pattern() {
        return pattern;
    }

    public List<String> fields() {
        return fields;
    }

    /** Apache writes "-" for a field it has no value for: the agent turns it into null; syslog keeps it. */
    public boolean dashIsNull() {
        return dashIsNull;
    }

    private static final class Fields {
        static final List<String> COMMON =
                List.of("host", "ident", "authuser", "datetime", "request", "response", "bytes");
        static final List<String> COMBINED =
                List.of("host", "ident", "authuser", "datetime", "request", "response", "bytes", "referer", "agent");
        static final List<String> ERROR =
                List.of("timestamp", "module", "severity", "processid", "threadid", "client", "message");
        static final List<String> SYSLOG = List.of("timestamp", "hostname", "program", "processid", "message");
    }

    private static final class Patterns {
        static final String INT = "(?:[+-]?(?:[0-9]+))";
        static final String POSINT = "(?:[1-9][0-9]*)";
        static final String NONNEGINT = "(?:[0-9]+)";
        static final String WORD = "\\w+";
        static final String NOQUOTE = "[^\"]+";
        static final String IP = "(?:[\\d\\.]+)";
        static final String HOSTNAME = "(?:[\\w\\-]+)(?:\\.(?:[\\w\\-]+))*(?:\\.?|\\b)";
        static final String IPORHOST = "(?:" + HOSTNAME + "|" + IP + ")";
        static final String URIHOST = "(?:" + IPORHOST + "(?::" + POSINT + ")?)";
        static final String USER = "(?:[a-zA-Z0-9._-]+)";
        static final String MONTHDAY = "(?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])";
        static final String DAY =
                "(?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?" + "|Sat(?:urday)?|Sun(?:day)?)";
        static final String MONTH = "\\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|Jun(?:e)?|Jul(?:y)?"
                + "|Aug(?:ust)?|Sep(?:tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\b";
        static final String YEAR = "(?:[1-9]\\d*)";
        static final String TIME = "(?:(?:2[0123]|[01]?[0-9]):(?:[0-5][0-9]):(?:(?:[0-5]?[0-9]|60)(?:[:\\.,][0-9]+)?))";
        static final String HTTPDATE = "(?:" + MONTHDAY + "/" + MONTH + "/" + YEAR + ":" + TIME + "\\s" + INT + ")";
        static final String ERROR_TIMESTAMP =
                "(?:" + DAY + "\\s+" + MONTH + "\\s+" + MONTHDAY + "\\s+" + TIME + "\\s+" + YEAR + ")";
        static final String SYSLOG_TIMESTAMP = "(?:" + MONTH + "\\s+" + MONTHDAY + "\\s+" + TIME + ")";
        static final String RFC3339 =
                "(?:\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)(?:Z|(?:[-+]\\d{2}:\\d{2}))";
        static final String FACILITY = "<" + NONNEGINT + "." + NONNEGINT + ">";
        static final String PROGRAM = "([\\w\\._/%-]+)(?:\\[(" + POSINT + ")\\])?";
        static final String SYSLOG_REST = " (?:" + FACILITY + " )?(" + USER + ") " + PROGRAM + ": (.*)";

        static final String COMMON_APACHE_LOG = "^(" + IPORHOST + ") (" + USER + ") (" + USER + ") \\[(" + HTTPDATE
                + ")\\] \"(" + NOQUOTE + ")\" (" + INT + "|\\-) (" + INT + "|\\-)";
        static final String COMBINED_APACHE_LOG = COMMON_APACHE_LOG + " \"(" + NOQUOTE + ")\" \"(" + NOQUOTE + ")\"";
        static final String APACHE_ERROR_LOG = "^\\[(" + ERROR_TIMESTAMP + ")\\] \\[(?:(" + WORD + "):)?(" + WORD
                + ")\\] \\[pid (" + NONNEGINT + ")(?::tid (" + NONNEGINT + "))?\\] \\[client (" + URIHOST + ")\\] (.*)";
        static final String SYSLOG = "^(" + SYSLOG_TIMESTAMP + ")" + SYSLOG_REST;
        static final String RFC3339_SYSLOG = "^(" + RFC3339 + ")" + SYSLOG_REST;
    }
}
