package io.millrace.iam.policy;

import java.util.List;
import java.util.Map;

/** Test helpers: callers of two accounts, and requests built from them. */
final class Requests {

    static final String ACCOUNT = "111122223333";
    static final String OTHER_ACCOUNT = "444455556666";
    static final String STREAM = "arn:aws:kinesis:us-east-1:111122223333:stream/orders";

    static final Caller ALICE = Caller.user(ACCOUNT, "arn:aws:iam::111122223333:user/alice", "alice", "AIDAALICE");
    static final Caller CARLOS =
            Caller.user(ACCOUNT, "arn:aws:iam::111122223333:user/carlossalazar", "carlossalazar", "AIDACARLOS");
    static final Caller BOB = Caller.user(OTHER_ACCOUNT, "arn:aws:iam::444455556666:user/Bob", "Bob", "AIDABOB");
    static final Caller MARIA =
            Caller.user(OTHER_ACCOUNT, "arn:aws:iam::444455556666:user/maria", "maria", "AIDAMARIA");
    static final Caller READER_SESSION = Caller.roleSession(
            ACCOUNT,
            "arn:aws:sts::111122223333:assumed-role/reader/app",
            "arn:aws:iam::111122223333:role/reader",
            "AROAREADER:app");
    static final Caller PARTNER_SESSION = Caller.roleSession(
            OTHER_ACCOUNT,
            "arn:aws:sts::444455556666:assumed-role/partner/etl",
            "arn:aws:iam::444455556666:role/partner",
            "AROAPARTNER:etl");

    private Requests() {}

    /** A 2012-10-17 identity policy with these statements (a JSON array's content). */
    static PolicyDocument identity(String statements) {
        return PolicyDocument.parseIdentityPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}");
    }

    static PolicyDocument resource(String statements) {
        return PolicyDocument.parseResourcePolicy("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}");
    }

    static ConditionContext context(Caller caller, Map<String, List<String>> keys) {
        return ConditionContext.builder().caller(caller).putAll(keys).build();
    }

    static EvaluationResult evaluate(
            Caller caller,
            String action,
            String resource,
            List<PolicyDocument> identityPolicies,
            PolicyDocument resourcePolicy,
            Map<String, List<String>> keys) {
        String resourceAccount = resource.equals("*") ? caller.accountId() : resource.split(":")[4];
        return PolicyEvaluator.evaluate(new EvaluationRequest(
                caller,
                action,
                resource,
                resourceAccount.isEmpty() ? caller.accountId() : resourceAccount,
                identityPolicies,
                resourcePolicy,
                context(caller, keys)));
    }
}
