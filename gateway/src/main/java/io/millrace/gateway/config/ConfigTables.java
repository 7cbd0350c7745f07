package io.millrace.gateway.config;

import static io.millrace.gateway.config.MarkdownTable.code;
import static io.millrace.gateway.config.MarkdownTable.text;

import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders a Kafka {@link ConfigDef} as the Markdown table a README shows: key, type, default, valid values and
 * description, in the order the keys were defined. It reads whatever the definition holds, so the README follows
 * every key added, renamed or redocumented there.
 */
public final class ConfigTables {

    private ConfigTables() {}

    public static String markdown(ConfigDef definition) {
        MarkdownTable table = new MarkdownTable("key", "type", "default", "valid values", "description");
        for (ConfigKey key : definition.configKeys().values()) {
            if (!key.internalConfig) {
                table.row(
                        code(key.name),
                        key.type.name().toLowerCase(Locale.ROOT),
                        defaultValue(key),
                        validValues(key.validator),
                        text(key.documentation));
            }
        }
        return table.render();
    }

    private static String defaultValue(ConfigKey key) {
        if (!key.hasDefault()) {
            return "required";
        }
        if (key.defaultValue == null) {
            return "";
        }
        if (key.defaultValue instanceof Password password) {
            return password.value().isEmpty() ? "(empty)" : "[hidden]";
        }
        String value = ConfigDef.convertToString(key.defaultValue, key.type);
        if (value.isEmpty()) {
            return "(empty)";
        }
        return isTemporaryDirectory(value) ? "java.io.tmpdir" : code(value);
    }

    /** A default taken from the JVM it runs in would make the table differ from one machine to the next. */
    private static boolean isTemporaryDirectory(String value) {
        return withoutTrailingSeparator(value).equals(withoutTrailingSeparator(System.getProperty("java.io.tmpdir")));
    }

    private static String withoutTrailingSeparator(String path) {
        return path.length() > 1 && (path.endsWith("/") || path.endsWith("\\"))
                ? path.substring(0, path.length() - 1)
                : path;
    }

    /** Kafka's validators describe themselves ({@code [1,...,128]}, {@code [aws, off]}); a lambda says nothing. */
    private static String validValues(ConfigDef.Validator validator) {
        if (validator == null || !describesItself(validator)) {
            return "";
        }
        return text(validator.toString());
    }

    private static boolean describesItself(Object validator) {
        try {
            return validator.getClass().getMethod("toString").getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException impossible) {
            return false;
        }
    }
}
