package io.millrace.gateway.protocol;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rule table of an action's top-level members, as kinesalite keeps one per action: each member's name and
 * {@link MemberType}. Reading a request takes two steps, as AWS's JSON protocol does: every member is read as its
 * type first (a wrong JSON type is a SerializationException, before any constraint is looked at), then every
 * constraint is checked and all violations are reported together, in table order, in AWS's words. Validation
 * paths are the members' names in lower camel case ({@code StreamName} is {@code streamName}).
 */
public final class MemberRules {

    private final Map<String, MemberType> members;

    private MemberRules(Map<String, MemberType> members) {
        this.members = members;
    }

    public static MemberRules of(String member, MemberType type) {
        return new MemberRules(new LinkedHashMap<>()).and(member, type);
    }

    /** This table with one more member, checked after the ones before it. */
    public MemberRules and(String member, MemberType type) {
        Map<String, MemberType> more = new LinkedHashMap<>(members);
        if (more.put(member, type) != null) {
            throw new IllegalArgumentException("Member " + member + " is in the table twice");
        }
        return new MemberRules(more);
    }

    /** Reads every member of the table from the request body, each as its type. */
    public Values read(AwsRequest request) {
        Map<String, Object> values = new HashMap<>();
        members.forEach((member, type) -> values.put(member, type.read(request.body(), member, request.format())));
        return new Values(values);
    }

    /** The members as read, whose constraints are checked on demand so that a caller can order the messages. */
    public final class Values {

        private final Map<String, Object> values;

        private Values(Map<String, Object> values) {
            this.values = values;
        }

        /** Adds every violation of the table's constraints to {@code validation}; throws nothing itself. */
        public Values check(Validation validation) {
            members.forEach((member, type) -> type.check(validation, path(member), values.get(member)));
            return this;
        }

        /** Checks the table's constraints and throws the ValidationException of any violation. */
        public Values checked() {
            Validation validation = new Validation();
            check(validation);
            validation.throwIfInvalid();
            return this;
        }

        public String text(String member) {
            return (String) value(member);
        }

        public Integer integer(String member) {
            return (Integer) value(member);
        }

        public Boolean bool(String member) {
            return (Boolean) value(member);
        }

        public Instant timestamp(String member) {
            return (Instant) value(member);
        }

        private Object value(String member) {
            if (!members.containsKey(member)) {
                throw new IllegalArgumentException("Member " + member + " is not in the table");
            }
            return values.get(member);
        }
    }

    private static String path(String member) {
        return Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }
}
