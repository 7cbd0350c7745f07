package io.millrace.analytics.sql;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${name}} and {@code ${name:default}} in scripts, so one shipped job file serves any stream names. Only
 * names of letters, digits, '.', '_' and '-' are variables, which leaves Flink's own syntax alone.
 */
public final class ScriptVariables {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9._-]+)(?::([^}]*))?}");

    private ScriptVariables() {}

    public static String substitute(String script, Map<String, String> values) {
        Matcher matcher = VARIABLE.matcher(script);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = values.get(name);
            if (value == null) {
                value = matcher.group(2);
            }
            if (value == null) {
                throw new IllegalArgumentException("script variable ${" + name + "} has no value: pass --var " + name
                        + "=VALUE or give a default as ${" + name + ":default}");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
