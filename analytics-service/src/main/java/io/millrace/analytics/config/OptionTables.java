package io.millrace.analytics.config;

import static io.millrace.gateway.config.MarkdownTable.code;
import static io.millrace.gateway.config.MarkdownTable.html;

import io.millrace.gateway.config.MarkdownTable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;

/**
 * Renders the Flink {@link ConfigOption} constants of a class (such as {@code MillraceOptions}) as the Markdown
 * table a README shows: key, type, default, valid values and description, in the order the class declares them.
 * It reads whatever the class holds, so the README follows every option added, renamed or redocumented there.
 */
public final class OptionTables {

    private OptionTables() {}

    public static String markdown(Class<?> holder) {
        MarkdownTable table = new MarkdownTable("key", "type", "default", "valid values", "description");
        for (Field field : holder.getDeclaredFields()) {
            if (isOptionConstant(field)) {
                ConfigOption<?> option = constant(field);
                Type valueType = valueType(field);
                table.row(
                        code(option.key()),
                        typeName(valueType),
                        defaultValue(option),
                        validValues(valueType),
                        description(option));
            }
        }
        return table.render();
    }

    private static boolean isOptionConstant(Field field) {
        int modifiers = field.getModifiers();
        return Modifier.isPublic(modifiers)
                && Modifier.isStatic(modifiers)
                && ConfigOption.class.isAssignableFrom(field.getType());
    }

    private static ConfigOption<?> constant(Field field) {
        try {
            return (ConfigOption<?>) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("public constant " + field + " unreadable", e);
        }
    }

    /** The option's value type, {@code T} of the field's {@code ConfigOption<T>} (Flink keeps its own private). */
    private static Type valueType(Field field) {
        return field.getGenericType() instanceof ParameterizedType parameterized
                ? parameterized.getActualTypeArguments()[0]
                : Object.class;
    }

    private static String typeName(Type type) {
        if (type instanceof Class<?> valueClass) {
            return valueClass.isEnum() ? "enum" : valueClass.getSimpleName();
        }
        return type.getTypeName().replaceAll("[\\w.]+\\.", "").replace("<", "&lt;");
    }

    private static String defaultValue(ConfigOption<?> option) {
        if (!option.hasDefaultValue()) {
            return "(none)";
        }
        Object value = option.defaultValue();
        String text = value instanceof Duration duration ? TimeUtils.formatWithHighestUnit(duration) : value.toString();
        return text.isEmpty() ? "(empty)" : code(text);
    }

    private static String validValues(Type type) {
        if (type instanceof Class<?> valueClass && valueClass.isEnum()) {
            return Arrays.stream(valueClass.getEnumConstants())
                    .map(constant -> code(constant.toString()))
                    .collect(Collectors.joining(", "));
        }
        return "";
    }

    private static String description(ConfigOption<?> option) {
        String text = new HtmlFormatter().format(option.description());
        String fallbacks = fallbackKeys(option);
        return html(fallbacks.isEmpty() ? text : text + " Also read from " + fallbacks + ".");
    }

    private static String fallbackKeys(ConfigOption<?> option) {
        StringBuilder keys = new StringBuilder();
        for (FallbackKey key : option.fallbackKeys()) {
            keys.append(keys.length() == 0 ? "" : ", ")
                    .append(code(key.getKey()))
                    .append(key.isDeprecated() ? " (deprecated)" : "");
        }
        return keys.toString();
    }
}
