package io.millrace.iam.policy;

import java.util.List;
import java.util.Objects;

/**
 * A policy document, parsed and validated once as IAM does, then evaluated any number of times by
 * {@link PolicyEvaluator}. Immutable and thread-safe: its patterns are compiled when it is parsed.
 *
 * <p>Three kinds, as IAM tells them apart: identity-based policies (attached to users, groups and roles: no
 * Principal, Resource required), resource-based policies (attached to a resource, such as a Kinesis stream: Principal
 * and Resource required) and role trust policies (a role's resource-based policy: Principal required, no Resource,
 * only the {@code sts:AssumeRole*} family of actions).
 */
public final class PolicyDocument {

    /** The kinds of policy IAM validates differently. */
    public enum Kind {
        IDENTITY,
        RESOURCE,
        TRUST
    }

    /** The policy language version that applies when a document names none. */
    public static final String VERSION_2008 = "2008-10-17";

    /** The current version: the only one that substitutes policy variables. */
    public static final String VERSION_2012 = "2012-10-17";

    private final Kind kind;
    private final String version;
    private final String id;
    private final List<Statement> statements;

    PolicyDocument(Kind kind, String version, String id, List<Statement> statements) {
        this.kind = Objects.requireNonNull(kind);
        this.version = Objects.requireNonNull(version);
        this.id = id;
        this.statements = List.copyOf(statements);
    }

    /**
     * An identity-based policy, as {@code iam:CreatePolicy} and {@code iam:PutUserPolicy} accept it.
     *
     * @throws MalformedPolicyException with IAM's message when IAM would refuse the document
     */
    public static PolicyDocument parseIdentityPolicy(String json) {
        return PolicyParser.parse(json, Kind.IDENTITY);
    }

    /**
     * A resource-based policy, such as a stream's from {@code kinesis:PutResourcePolicy}.
     *
     * @throws MalformedPolicyException with IAM's message when IAM would refuse the document
     */
    public static PolicyDocument parseResourcePolicy(String json) {
        return PolicyParser.parse(json, Kind.RESOURCE);
    }

    /**
     * A role's trust policy, as {@code iam:CreateRole} and {@code iam:UpdateAssumeRolePolicy} accept it.
     *
     * @throws MalformedPolicyException with IAM's message when IAM would refuse the document
     */
    public static PolicyDocument parseTrustPolicy(String json) {
        return PolicyParser.parse(json, Kind.TRUST);
    }

    public Kind kind() {
        return kind;
    }

    /** The document's Version, {@value #VERSION_2008} when it names none. */
    public String version() {
        return version;
    }

    /** The document's optional Id, or null. */
    public String id() {
        return id;
    }

    /** How many statements the document has. */
    public int statementCount() {
        return statements.size();
    }

    List<Statement> statements() {
        return statements;
    }

    @Override
    public String toString() {
        return "PolicyDocument[" + kind + ", " + version + ", " + statements.size() + " statements]";
    }
}
