package io.millrace.iam.policy;

import static io.millrace.iam.policy.Requests.ACCOUNT;
import static io.millrace.iam.policy.Requests.ALICE;
import static io.millrace.iam.policy.Requests.BOB;
import static io.millrace.iam.policy.Requests.CARLOS;
import static io.millrace.iam.policy.Requests.MARIA;
import static io.millrace.iam.policy.Requests.PARTNER_SESSION;
import static io.millrace.iam.policy.Requests.READER_SESSION;
import static io.millrace.iam.policy.Requests.STREAM;
import static io.millrace.iam.policy.Requests.identity;
import static io.millrace.iam.policy.Requests.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Policy evaluation on the examples of AWS's IAM User Guide: each case names the page its policy comes from (the
 * services and names adapted to Kinesis where the page uses another service) and the decision AWS documents.
 */
class PolicyEvaluatorTest {

    private static final String ALLOWED = "";
    private static final String IDENTITY_DENY = "with an explicit deny in an identity-based policy";
    private static final String RESOURCE_DENY = "with an explicit deny in a resource-based policy";

    private static String noIdentityAllows(String action) {
        return "because no identity-based policy allows the " + action + " action";
    }

    private static String noResourceAllows(String action) {
        return "because no resource-based policy allows the " + action + " action";
    }

    record Case(
            String name,
            Caller caller,
            String action,
            String resource,
            List<PolicyDocument> identityPolicies,
            PolicyDocument resourcePolicy,
            Map<String, List<String>> keys,
            String expectedReason) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case allowed(
            String name,
            Caller caller,
            String action,
            String resource,
            List<PolicyDocument> ids,
            PolicyDocument rp,
            Map<String, List<String>> keys) {
        return denied(name, caller, action, resource, ids, rp, keys, ALLOWED);
    }

    private static Case denied(
            String name,
            Caller caller,
            String action,
            String resource,
            List<PolicyDocument> ids,
            PolicyDocument rp,
            Map<String, List<String>> keys,
            String reason) {
        return new Case(name, caller, action, resource, ids, rp, keys, reason);
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html ("kinesis:Get*")
    private static final PolicyDocument KINESIS_READ = identity("""
            {"Effect": "Allow", "Action": ["kinesis:Get*", "kinesis:DescribeStream*"], "Resource": "*"}""");

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
    private static final PolicyDocument ALL_BUT_DELETE = identity("""
            {"Effect": "Allow", "Action": "kinesis:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "kinesis:DeleteStream", "Resource": "*"}""");

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html ("NotAction with
    // Allow": every S3 action on S3 resources except s3:DeleteBucket)
    private static final PolicyDocument S3_EXCEPT_DELETE_BUCKET = identity("""
            {"Effect": "Allow", "NotAction": "s3:DeleteBucket", "Resource": "arn:aws:s3:::*"}""");

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html ("NotAction with
    // Deny": everything but IAM is denied without MFA), with an Allow of everything beside it
    private static final PolicyDocument DENY_ALL_BUT_IAM_WITHOUT_MFA = identity("""
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Sid": "DenyAllUsersNotUsingMFA", "Effect": "Deny", "NotAction": "iam:*", "Resource": "*",
             "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}""");

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport
    private static final PolicyDocument TLS_ONLY = identity("""
            {"Effect": "Allow", "Action": "kinesis:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*",
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}}""");

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_deny-ip.html
    private static final PolicyDocument DENY_OUTSIDE_IPS = identity("""
            {"Effect": "Allow", "Action": "kinesis:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*",
             "Condition": {"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"]}}}""");

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws-dates.html
    private static final PolicyDocument DATE_WINDOW = identity("""
            {"Effect": "Allow", "Action": "kinesis:PutRecord", "Resource": "*",
             "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2020-04-01T00:00:00Z"},
                           "DateLessThan": {"aws:CurrentTime": "2020-06-30T23:59:59Z"}}}""");

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (a home folder per user)
    private static final String HOME_FOLDER = """
            {"Effect": "Allow", "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"}""";
    private static final PolicyDocument HOME_FOLDER_2012 = identity(HOME_FOLDER);
    private static final PolicyDocument HOME_FOLDER_2008 =
            PolicyDocument.parseIdentityPolicy("{\"Version\":\"2008-10-17\",\"Statement\":[" + HOME_FOLDER + "]}");

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
    // (the resource policy of the trusting account names the trusted account)
    private static final PolicyDocument STREAM_SHARED_WITH_OTHER_ACCOUNT = resource("""
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
             "Action": ["kinesis:GetRecords", "kinesis:GetShardIterator"], "Resource": "%s"}""".formatted(STREAM));
    private static final PolicyDocument BOB_MAY_READ_THE_STREAM = identity("""
            {"Effect": "Allow", "Action": "kinesis:GetRecords", "Resource": "%s"}""".formatted(STREAM));

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
    // (carlossalazar: a resource policy in the same account that names the user grants on its own)
    private static final PolicyDocument STREAM_GRANTS_CARLOS = resource("""
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/carlossalazar"},
             "Action": "kinesis:PutRecord", "Resource": "%s"}""".formatted(STREAM));

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html (an account
    // principal delegates to the account's identity policies)
    private static final PolicyDocument STREAM_GRANTS_OWN_ACCOUNT = resource("""
            {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kinesis:PutRecord",
             "Resource": "%s"}""".formatted(STREAM));

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
    private static final PolicyDocument STREAM_GRANTS_ROLES = resource("""
            {"Effect": "Allow",
             "Principal": {"AWS": ["arn:aws:iam::111122223333:role/reader", "arn:aws:iam::444455556666:role/partner"]},
             "Action": "kinesis:GetRecords", "Resource": "%s"}""".formatted(STREAM));

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
    // (a deny in a resource policy applies to the account's root user too)
    private static final PolicyDocument STREAM_DENIES_DELETE = resource("""
            {"Effect": "Allow", "Principal": "*", "Action": "kinesis:DescribeStream", "Resource": "%s"},
            {"Effect": "Deny", "Principal": "*", "Action": "kinesis:DeleteStream", "Resource": "%s"}""".formatted(STREAM, STREAM));

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html (Deny with
    // NotPrincipal: the user and its account must both be listed to be left out)
    private static final PolicyDocument ONLY_BOB = resource("""
            {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "kinesis:*", "Resource": "%s"},
            {"Effect": "Deny",
             "NotPrincipal": {"AWS": ["arn:aws:iam::444455556666:user/Bob", "arn:aws:iam::444455556666:root"]},
             "Action": "kinesis:*", "Resource": "%s"}""".formatted(STREAM, STREAM));
    private static final PolicyDocument ONLY_BOB_WITHOUT_ACCOUNT = resource("""
            {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::444455556666:user/Bob"},
             "Action": "kinesis:*", "Resource": "%s"}""".formatted(STREAM));
    private static final PolicyDocument KINESIS_ALL = identity("""
            {"Effect": "Allow", "Action": "kinesis:*", "Resource": "*"}""");

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
    // (ForAllValues: every tag key of the request must be allowed; true when the request has none)
    private static final PolicyDocument ONLY_KNOWN_TAG_KEYS = identity("""
            {"Effect": "Allow", "Action": "kinesis:AddTagsToStream", "Resource": "*",
             "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}}}""");
    // (ForAnyValue: at least one tag key of the request must be listed; false when the request has none)
    private static final PolicyDocument SOME_KNOWN_TAG_KEY = identity("""
            {"Effect": "Allow", "Action": "kinesis:AddTagsToStream", "Resource": "*",
             "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}}}""");

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html (Deny with
    // NotResource: everything but the listed resources)
    private static final PolicyDocument ONLY_PUBLIC_STREAMS = identity("""
            {"Effect": "Allow", "Action": "kinesis:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "kinesis:*",
             "NotResource": "arn:aws:kinesis:*:111122223333:stream/public-*"}""");

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html (wildcards in an
    // ARN: within the region segment, and across "/" and ":" in the resource part)
    private static final PolicyDocument CONSUMERS_OF_ANY_REGION = identity("""
            {"Effect": "Allow", "Action": "kinesis:SubscribeToShard",
             "Resource": "arn:aws:kinesis:*:111122223333:stream/orders/*"}""");

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#sts-session-principals
    private static final PolicyDocument STREAM_GRANTS_ONE_SESSION = resource("""
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:sts::111122223333:assumed-role/reader/app"},
             "Action": "kinesis:GetRecords", "Resource": "%s"}""".formatted(STREAM));

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount
    // (Principal "*" narrowed by a condition on the caller's account)
    private static final PolicyDocument STREAM_FOR_PARTNER_ACCOUNT = resource("""
            {"Effect": "Allow", "Principal": "*", "Action": "kinesis:GetRecords", "Resource": "%s",
             "Condition": {"StringEquals": {"aws:PrincipalAccount": "444455556666"}}}""".formatted(STREAM));

    private static final Map<String, List<String>> NONE = Map.of();

    static Stream<Case> cases() {
        String consumer = STREAM + "/consumer/app:1700000000";
        return Stream.of(
                allowed(
                        "wildcard action allows",
                        ALICE,
                        "kinesis:GetRecords",
                        STREAM,
                        List.of(KINESIS_READ),
                        null,
                        NONE),
                allowed(
                        "action matching ignores case",
                        ALICE,
                        "KINESIS:getrecords",
                        STREAM,
                        List.of(KINESIS_READ),
                        null,
                        NONE),
                denied(
                        "action outside the wildcard",
                        ALICE,
                        "kinesis:PutRecord",
                        STREAM,
                        List.of(KINESIS_READ),
                        null,
                        NONE,
                        noIdentityAllows("kinesis:PutRecord")),
                denied(
                        "no policy at all: implicit deny",
                        ALICE,
                        "kinesis:ListStreams",
                        "*",
                        List.of(),
                        null,
                        NONE,
                        noIdentityAllows("kinesis:ListStreams")),
                denied(
                        "deny overrides allow",
                        ALICE,
                        "kinesis:DeleteStream",
                        STREAM,
                        List.of(ALL_BUT_DELETE),
                        null,
                        NONE,
                        IDENTITY_DENY),
                allowed(
                        "deny elsewhere leaves the allow",
                        ALICE,
                        "kinesis:PutRecord",
                        STREAM,
                        List.of(ALL_BUT_DELETE),
                        null,
                        NONE),
                allowed(
                        "NotAction with Allow: another action",
                        ALICE,
                        "s3:GetObject",
                        "arn:aws:s3:::bucket/key",
                        List.of(S3_EXCEPT_DELETE_BUCKET),
                        null,
                        NONE),
                denied(
                        "NotAction with Allow: the excluded action",
                        ALICE,
                        "s3:DeleteBucket",
                        "arn:aws:s3:::bucket",
                        List.of(S3_EXCEPT_DELETE_BUCKET),
                        null,
                        NONE,
                        noIdentityAllows("s3:DeleteBucket")),
                denied(
                        "NotAction with Allow: other services' resources",
                        ALICE,
                        "kinesis:PutRecord",
                        STREAM,
                        List.of(S3_EXCEPT_DELETE_BUCKET),
                        null,
                        NONE,
                        noIdentityAllows("kinesis:PutRecord")),
                denied(
                        "NotAction with Deny: no MFA key, not IAM",
                        ALICE,
                        "kinesis:PutRecord",
                        STREAM,
                        List.of(DENY_ALL_BUT_IAM_WITHOUT_MFA),
                        null,
                        NONE,
                        IDENTITY_DENY),
                allowed(
                        "NotAction with Deny: IAM stays allowed",
                        ALICE,
                        "iam:ListUsers",
                        "*",
                        List.of(DENY_ALL_BUT_IAM_WITHOUT_MFA),
                        null,
                        NONE),
                allowed(
                        "NotAction with Deny: with MFA",
                        ALICE,
                        "kinesis:PutRecord",
                        STREAM,
                        List.of(DENY_ALL_BUT_IAM_WITHOUT_MFA),
                        null,
                        Map.of("aws:MultiFactorAuthPresent", List.of("true"))),
                denied(
                        "aws:SecureTransport false is denied",
                        ALICE,
                        "kinesis:PutRecord",
                        STREAM,
                        List.of(TLS_ONLY),
                        null,
                        Map.of("aws:SecureTransport", List.of("false")),
                        IDENTITY_DENY),
                allowed(
                        "aws:SecureTransport true is allowed",
                        ALICE,
                        "kinesis:PutRecord",
                        STREAM,
                        List.of(TLS_ONLY),
                        null,
                        Map.of("aws:SecureTransport", List.of("true"))),
                allowed(
                        "source IP inside a listed range",
                        ALICE,
                        "kinesis:PutRecord",
                        STREAM,
                        List.of(DENY_OUTSIDE_IPS),
                        null,
                        Map.of("aws:SourceIp", List.of("203.0.113.77"))),
                denied(
                        "source IP outside the ranges",
                        ALICE,
                        "kinesis:PutRecord",
                        STREAM,
                        List.of(DENY_OUTSIDE_IPS),
                        null,
                        Map.of("aws:SourceIp", List.of("198.51.100.7")),
                        IDENTITY_DENY),
                allowed(
                        "inside the date window",
                        ALICE,
                        "kinesis:PutRecord",
                        STREAM,
                        List.of(DATE_WINDOW),
                        null,
                        Map.of("aws:CurrentTime", List.of("2020-05-15T12:00:00Z"))),
                denied(
                        "after the date window",
                        ALICE,
                        "kinesis:PutRecord",
                        STREAM,
                        List.of(DATE_WINDOW),
                        null,
                        Map.of("aws:CurrentTime", List.of("2020-07-01T00:00:00Z")),
                        noIdentityAllows("kinesis:PutRecord")),
                allowed(
                        "${aws:username}: the user's own folder",
                        ALICE,
                        "s3:GetObject",
                        "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt",
                        List.of(HOME_FOLDER_2012),
                        null,
                        NONE),
                denied(
                        "${aws:username}: another user's folder",
                        ALICE,
                        "s3:GetObject",
                        "arn:aws:s3:::amzn-s3-demo-bucket/home/bob/notes.txt",
                        List.of(HOME_FOLDER_2012),
                        null,
                        NONE,
                        noIdentityAllows("s3:GetObject")),
                denied(
                        "2008-10-17 does not substitute variables",
                        ALICE,
                        "s3:GetObject",
                        "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt",
                        List.of(HOME_FOLDER_2008),
                        null,
                        NONE,
                        noIdentityAllows("s3:GetObject")),
                allowed(
                        "2008-10-17 takes the variable as text",
                        ALICE,
                        "s3:GetObject",
                        "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/notes.txt",
                        List.of(HOME_FOLDER_2008),
                        null,
                        NONE),
                allowed(
                        "cross-account: both sides allow",
                        BOB,
                        "kinesis:GetRecords",
                        STREAM,
                        List.of(BOB_MAY_READ_THE_STREAM),
                        STREAM_SHARED_WITH_OTHER_ACCOUNT,
                        NONE),
                denied(
                        "cross-account: the identity side does not allow",
                        MARIA,
                        "kinesis:GetRecords",
                        STREAM,
                        List.of(),
                        STREAM_SHARED_WITH_OTHER_ACCOUNT,
                        NONE,
                        noIdentityAllows("kinesis:GetRecords")),
                denied(
                        "cross-account: no resource policy",
                        BOB,
                        "kinesis:GetRecords",
                        STREAM,
                        List.of(BOB_MAY_READ_THE_STREAM),
                        null,
                        NONE,
                        noResourceAllows("kinesis:GetRecords")),
                denied(
                        "cross-account: the resource policy names another account",
                        ALICE,
                        "kinesis:GetRecords",
                        "arn:aws:kinesis:us-east-1:444455556666:stream/theirs",
                        List.of(KINESIS_ALL),
                        STREAM_SHARED_WITH_OTHER_ACCOUNT,
                        NONE,
                        noResourceAllows("kinesis:GetRecords")),
                allowed(
                        "same account: a resource policy naming the user suffices",
                        CARLOS,
                        "kinesis:PutRecord",
                        STREAM,
                        List.of(),
                        STREAM_GRANTS_CARLOS,
                        NONE),
                denied(
                        "same account: the resource policy names someone else",
                        ALICE,
                        "kinesis:PutRecord",
                        STREAM,
                        List.of(),
                        STREAM_GRANTS_CARLOS,
                        NONE,
                        noIdentityAllows("kinesis:PutRecord")),
                denied(
                        "same account: naming the account delegates to identity policies",
                        ALICE,
                        "kinesis:PutRecord",
                        STREAM,
                        List.of(),
                        STREAM_GRANTS_OWN_ACCOUNT,
                        NONE,
                        noIdentityAllows("kinesis:PutRecord")),
                allowed(
                        "same account: a role session, its role named",
                        READER_SESSION,
                        "kinesis:GetRecords",
                        STREAM,
                        List.of(),
                        STREAM_GRANTS_ROLES,
                        NONE),
                allowed(
                        "same account: the session ARN named",
                        READER_SESSION,
                        "kinesis:GetRecords",
                        STREAM,
                        List.of(),
                        STREAM_GRANTS_ONE_SESSION,
                        NONE),
                allowed(
                        "Principal * with aws:PrincipalAccount: the account",
                        MARIA,
                        "kinesis:GetRecords",
                        STREAM,
                        List.of(BOB_MAY_READ_THE_STREAM),
                        STREAM_FOR_PARTNER_ACCOUNT,
                        NONE),
                denied(
                        "Principal * with aws:PrincipalAccount: another account",
                        ALICE,
                        "kinesis:GetRecords",
                        STREAM,
                        List.of(),
                        STREAM_FOR_PARTNER_ACCOUNT,
                        NONE,
                        noIdentityAllows("kinesis:GetRecords")),
                allowed(
                        "cross-account: a role session, its role named",
                        PARTNER_SESSION,
                        "kinesis:GetRecords",
                        STREAM,
                        List.of(BOB_MAY_READ_THE_STREAM),
                        STREAM_GRANTS_ROLES,
                        NONE),
                allowed(
                        "root of the account needs no policy",
                        Caller.root(ACCOUNT),
                        "kinesis:DeleteStream",
                        STREAM,
                        List.of(),
                        null,
                        NONE),
                denied(
                        "a resource policy's deny binds the root",
                        Caller.root(ACCOUNT),
                        "kinesis:DeleteStream",
                        STREAM,
                        List.of(),
                        STREAM_DENIES_DELETE,
                        NONE,
                        RESOURCE_DENY),
                denied(
                        "a resource policy's deny beats an identity allow",
                        ALICE,
                        "kinesis:DeleteStream",
                        STREAM,
                        List.of(KINESIS_ALL),
                        STREAM_DENIES_DELETE,
                        NONE,
                        RESOURCE_DENY),
                allowed(
                        "Principal * grants in the same account",
                        ALICE,
                        "kinesis:DescribeStream",
                        STREAM,
                        List.of(),
                        STREAM_DENIES_DELETE,
                        NONE),
                denied(
                        "another account's root needs the resource policy",
                        Caller.root(Requests.OTHER_ACCOUNT),
                        "kinesis:GetRecords",
                        STREAM,
                        List.of(),
                        null,
                        NONE,
                        noResourceAllows("kinesis:GetRecords")),
                allowed(
                        "another account's root named by the resource policy",
                        Caller.root(Requests.OTHER_ACCOUNT),
                        "kinesis:GetRecords",
                        STREAM,
                        List.of(),
                        STREAM_SHARED_WITH_OTHER_ACCOUNT,
                        NONE),
                allowed(
                        "NotPrincipal with Deny: the listed user",
                        BOB,
                        "kinesis:PutRecord",
                        STREAM,
                        List.of(KINESIS_ALL),
                        ONLY_BOB,
                        NONE),
                denied(
                        "NotPrincipal with Deny: anyone else",
                        MARIA,
                        "kinesis:PutRecord",
                        STREAM,
                        List.of(KINESIS_ALL),
                        ONLY_BOB,
                        NONE,
                        RESOURCE_DENY),
                denied(
                        "NotPrincipal with Deny: the user's account not listed",
                        BOB,
                        "kinesis:PutRecord",
                        STREAM,
                        List.of(KINESIS_ALL),
                        ONLY_BOB_WITHOUT_ACCOUNT,
                        NONE,
                        RESOURCE_DENY),
                allowed(
                        "ForAllValues: every key listed",
                        ALICE,
                        "kinesis:AddTagsToStream",
                        STREAM,
                        List.of(ONLY_KNOWN_TAG_KEYS),
                        null,
                        Map.of("aws:TagKeys", List.of("environment", "cost-center"))),
                denied(
                        "ForAllValues: one key not listed",
                        ALICE,
                        "kinesis:AddTagsToStream",
                        STREAM,
                        List.of(ONLY_KNOWN_TAG_KEYS),
                        null,
                        Map.of("aws:TagKeys", List.of("environment", "owner")),
                        noIdentityAllows("kinesis:AddTagsToStream")),
                allowed(
                        "ForAllValues: no key in the request",
                        ALICE,
                        "kinesis:AddTagsToStream",
                        STREAM,
                        List.of(ONLY_KNOWN_TAG_KEYS),
                        null,
                        NONE),
                allowed(
                        "ForAnyValue: one key listed",
                        ALICE,
                        "kinesis:AddTagsToStream",
                        STREAM,
                        List.of(SOME_KNOWN_TAG_KEY),
                        null,
                        Map.of("aws:TagKeys", List.of("owner", "environment"))),
                denied(
                        "ForAnyValue: no key in the request",
                        ALICE,
                        "kinesis:AddTagsToStream",
                        STREAM,
                        List.of(SOME_KNOWN_TAG_KEY),
                        null,
                        NONE,
                        noIdentityAllows("kinesis:AddTagsToStream")),
                allowed(
                        "NotResource with Deny: a listed resource",
                        ALICE,
                        "kinesis:PutRecord",
                        "arn:aws:kinesis:eu-west-1:111122223333:stream/public-clicks",
                        List.of(ONLY_PUBLIC_STREAMS),
                        null,
                        NONE),
                denied(
                        "NotResource with Deny: any other resource",
                        ALICE,
                        "kinesis:PutRecord",
                        STREAM,
                        List.of(ONLY_PUBLIC_STREAMS),
                        null,
                        NONE,
                        IDENTITY_DENY),
                allowed(
                        "ARN wildcard spans / and : in the resource part",
                        ALICE,
                        "kinesis:SubscribeToShard",
                        consumer,
                        List.of(CONSUMERS_OF_ANY_REGION),
                        null,
                        NONE),
                denied(
                        "ARN resource matching is case-sensitive",
                        ALICE,
                        "kinesis:SubscribeToShard",
                        "arn:aws:kinesis:us-east-1:111122223333:stream/Orders/consumer/app:1",
                        List.of(CONSUMERS_OF_ANY_REGION),
                        null,
                        NONE,
                        noIdentityAllows("kinesis:SubscribeToShard")),
                denied(
                        "ARN account segment must match",
                        ALICE,
                        "kinesis:SubscribeToShard",
                        "arn:aws:kinesis:us-east-1:999999999999:stream/orders/consumer/app:1",
                        List.of(CONSUMERS_OF_ANY_REGION),
                        null,
                        NONE,
                        noIdentityAllows("kinesis:SubscribeToShard")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesAsAwsDocuments(Case c) {
        EvaluationResult result = Requests.evaluate(
                c.caller(), c.action(), c.resource(), c.identityPolicies(), c.resourcePolicy(), c.keys());

        assertThat(result.reason()).isEqualTo(c.expectedReason());
        assertThat(result.allowed()).isEqualTo(c.expectedReason().isEmpty());
        assertThat(result.decision())
                .isEqualTo(
                        c.expectedReason().isEmpty()
                                ? EvaluationResult.Decision.ALLOWED
                                : c.expectedReason().startsWith("with")
                                        ? EvaluationResult.Decision.EXPLICIT_DENY
                                        : EvaluationResult.Decision.IMPLICIT_DENY);
    }
}
