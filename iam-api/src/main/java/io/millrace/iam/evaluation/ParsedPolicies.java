package io.millrace.iam.evaluation;

import io.millrace.iam.policy.MalformedPolicyException;
import io.millrace.iam.policy.PolicyDocument;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policy documents parsed once and kept by their text: every signed request evaluates the same few documents, and
 * parsing is what costs. A document stored before the grammar was checked (or changed since) that no longer parses
 * grants nothing; it is logged once.
 */
final class ParsedPolicies {

    private static final Logger LOG = LoggerFactory.getLogger(ParsedPolicies.class);
    /** More documents than any account here holds; past it the cache starts over rather than grow. */
    private static final int MAX_ENTRIES = 10_000;

    private final Function<String, PolicyDocument> parser;
    private final Map<String, Optional<PolicyDocument>> parsed = new ConcurrentHashMap<>();

    private ParsedPolicies(Function<String, PolicyDocument> parser) {
        this.parser = parser;
    }

    static ParsedPolicies identity() {
        return new ParsedPolicies(PolicyDocument::parseIdentityPolicy);
    }

    static ParsedPolicies resource() {
        return new ParsedPolicies(PolicyDocument::parseResourcePolicy);
    }

    static ParsedPolicies trust() {
        return new ParsedPolicies(PolicyDocument::parseTrustPolicy);
    }

    /** The document, or empty when it does not parse. */
    Optional<PolicyDocument> of(String document) {
        Optional<PolicyDocument> known = parsed.get(document);
        if (known != null) {
            return known;
        }
        if (parsed.size() >= MAX_ENTRIES) {
            parsed.clear();
        }
        return parsed.computeIfAbsent(document, this::parse);
    }

    private Optional<PolicyDocument> parse(String document) {
        try {
            return Optional.of(parser.apply(document));
        } catch (MalformedPolicyException e) {
            LOG.warn("A stored policy does not parse and grants nothing: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
