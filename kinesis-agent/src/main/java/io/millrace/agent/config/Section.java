package io.millrace.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One JSON object of agent.json (the top level, a flow, a processing option) read key by key. Values are accepted as
 * the agent's own configuration reader accepts them: numbers and booleans also as strings ("100", "true"). Every key
 * read is remembered, so that {@link #rejectUnknown} can name a key nothing reads: a typo, or an option of the agent
 * Millrace does not have.
 */
public final class Section {

    private final JsonNode node;
    private final String where;
    private final Set<String> read = new HashSet<>();

    Section(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new AgentConfigException(where + ": must be a JSON object");
        }
        this.node = node;
        this.where = where;
    }

    public String where() {
        return where;
    }

    public String name(String key) {
        return where.isEmpty() ? key : where + "." + key;
    }

    public boolean has(String key) {
        read.add(key);
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    /** Marks keys as known without reading them: options of the agent that mean nothing here. */
    public void accept(Set<String> keys) {
        read.addAll(keys);
    }

    public String string(String key, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isValueNode() || value.isBinary()) {
            throw invalid(key, "must be a string");
        }
        return value.asText();
    }

    public String requiredString(String key) {
        String value = string(key, null);
        if (value == null || value.isBlank()) {
            throw new AgentConfigException(name(key) + ": is required");
        }
        return value;
    }

    public long number(String key, long fallback, long min, long max) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        long parsed;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            parsed = value.asLong();
        } else if (value.isTextual()) {
            try {
                parsed = Long.parseLong(value.asText().trim());
            } catch (NumberFormatException e) {
                throw invalid(key, "must be a whole number, got \"" + value.asText() + "\"");
            }
        } else {
            throw invalid(key, "must be a whole number, got " + value);
        }
        if (parsed < min || parsed > max) {
            throw invalid(key, "must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        String text = value.asText().trim().toLowerCase(Locale.ROOT);
        if (value.isTextual() && (text.equals("true") || text.equals("false"))) {
            return Boolean.parseBoolean(text);
        }
        throw invalid(key, "must be true or false, got " + value);
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
        String text = string(key, null);
        if (text == null) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text.trim())) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name());
        }
        throw invalid(key, "must be one of " + String.join(", ", names) + ", got \"" + text + "\"");
    }

    public List<String> strings(String key) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = node.get(key);
        if (!value.isArray()) {
            throw invalid(key, "must be a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isValueNode()) {
                throw invalid(key, "must be a list of strings");
            }
            values.add(element.asText());
        }
        return values;
    }

    public List<Section> sections(String key) {
        List<Section> sections = new ArrayList<>();
        if (!has(key)) {
            return sections;
        }
        JsonNode value = node.get(key);
        if (!value.isArray()) {
            throw invalid(key, "must be a list of objects");
        }
        for (int i = 0; i < value.size(); i++) {
            sections.add(new Section(value.get(i), name(key) + "[" + i + "]"));
        }
        return sections;
    }

    /** The raw JSON of a key (ADDMETADATA's free-form "metadata"). */
    public JsonNode raw(String key) {
        read.add(key);
        return node.get(key);
    }

    public void rejectUnknown() {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!read.contains(key)) {
                throw new AgentConfigException(name(key) + ": unknown key");
            }
        }
    }

    public AgentConfigException invalid(String key, String problem) {
        return new AgentConfigException(name(key) + ": " + problem);
    }
}
