package io.millrace.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The type of a request member and its constraints, as a shape of AWS's service model states them: a string of
 * 1 to 128 characters matching a pattern, an integer in a range, a value from an enum, a timestamp. Immutable:
 * each constraint returns a new type, so one type (a shard id, say) serves every member of that shape.
 */
public final class MemberType {

    private enum Kind {
        TEXT,
        INTEGER,
        BOOLEAN,
        TIMESTAMP
    }

    @FunctionalInterface
    private interface Constraint {
        void check(Validation validation, String path, Object value);
    }

    private final Kind kind;
    private final boolean required;
    private final List<Constraint> constraints;

    private MemberType(Kind kind, boolean required, List<Constraint> constraints) {
        this.kind = kind;
        this.required = required;
        this.constraints = List.copyOf(constraints);
    }

    public static MemberType text() {
        return new MemberType(Kind.TEXT, false, List.of());
    }

    public static MemberType integer() {
        return new MemberType(Kind.INTEGER, false, List.of());
    }

    public static MemberType bool() {
        return new MemberType(Kind.BOOLEAN, false, List.of());
    }

    public static MemberType timestamp() {
        return new MemberType(Kind.TIMESTAMP, false, List.of());
    }

    /** The member must be present (AWS: "Member must not be null"). */
    public MemberType required() {
        return new MemberType(kind, true, constraints);
    }

    public MemberType length(int min, int max) {
        return with(Kind.TEXT, (v, path, value) -> v.length(path, (String) value, min, max));
    }

    public MemberType pattern(Pattern pattern) {
        return with(Kind.TEXT, (v, path, value) -> v.pattern(path, (String) value, pattern));
    }

    /** One of the enum's values; AWS lists them in the message in the order {@code allowed} iterates. */
    public MemberType oneOf(Collection<String> allowed) {
        return with(Kind.TEXT, (v, path, value) -> v.oneOf(path, (String) value, allowed));
    }

    public MemberType range(long min, long max) {
        return with(Kind.INTEGER, (v, path, value) -> v.range(path, (Number) value, min, max));
    }

    /** Reads the member as this type: a value of another JSON type is a SerializationException. */
    Object read(JsonNode body, String member, WireFormat format) {
        return switch (kind) {
            case TEXT -> Fields.text(body, member);
            case INTEGER -> Fields.integer(body, member);
            case BOOLEAN -> Fields.bool(body, member);
            case TIMESTAMP -> Fields.timestamp(body, member, format);
        };
    }

    /** Adds what the value violates to {@code validation}, in the order the constraints were declared. */
    void check(Validation validation, String path, Object value) {
        if (required) {
            validation.required(path, value);
        }
        for (Constraint constraint : constraints) {
            constraint.check(validation, path, value);
        }
    }

    private MemberType with(Kind expected, Constraint constraint) {
        if (kind != expected) {
            throw new IllegalStateException("A " + kind + " member takes no " + expected + " constraint");
        }
        List<Constraint> more = new ArrayList<>(constraints);
        more.add(constraint);
        return new MemberType(kind, required, more);
    }
}
