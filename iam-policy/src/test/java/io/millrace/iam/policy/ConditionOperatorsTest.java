package io.millrace.iam.policy;

import static io.millrace.iam.policy.Requests.ALICE;
import static io.millrace.iam.policy.Requests.STREAM;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each condition operator family, with IfExists, Null and the set qualifiers, as the IAM User Guide's "IAM JSON
 * policy elements: Condition operators" page describes them
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html; anchors
 * per family below). Every row is a statement allowing kinesis:PutRecord under one Condition block, evaluated for
 * alice (so aws:username and aws:PrincipalType are in the request context) with the row's extra keys.
 */
class ConditionOperatorsTest {

    record Row(String name, String condition, Map<String, List<String>> keys, boolean holds) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Row holds(String name, String condition, Map<String, List<String>> keys) {
        return new Row(name, condition, keys, true);
    }

    private static Row fails(String name, String condition, Map<String, List<String>> keys) {
        return new Row(name, condition, keys, false);
    }

    private static Map<String, List<String>> key(String key, String... values) {
        return Map.of(key, List.of(values));
    }

    private static final Map<String, List<String>> NONE = Map.of();

    static Stream<Row> rows() {
        return Stream.of(
                // #Conditions_String
                holds("StringEquals", "{\"StringEquals\": {\"aws:username\": \"alice\"}}", NONE),
                fails("StringEquals is case-sensitive", "{\"StringEquals\": {\"aws:username\": \"Alice\"}}", NONE),
                holds("condition keys are case-insensitive", "{\"StringEquals\": {\"AWS:UserName\": \"alice\"}}", NONE),
                holds("values of a key are ORed", "{\"StringEquals\": {\"aws:username\": [\"bob\", \"alice\"]}}", NONE),
                holds(
                        "keys of an operator are ANDed",
                        "{\"StringEquals\": {\"aws:username\": \"alice\", \"aws:PrincipalType\": \"User\"}}",
                        NONE),
                fails(
                        "keys of an operator are ANDed: one fails",
                        "{\"StringEquals\": {\"aws:username\": \"alice\", \"aws:PrincipalType\": \"AssumedRole\"}}",
                        NONE),
                fails(
                        "a missing key fails a positive operator",
                        "{\"StringEquals\": {\"kinesis:ConsumerName\": \"x\"}}",
                        NONE),
                holds("StringNotEquals", "{\"StringNotEquals\": {\"aws:username\": \"bob\"}}", NONE),
                fails(
                        "StringNotEquals: no policy value may match",
                        "{\"StringNotEquals\": {\"aws:username\": [\"bob\", \"alice\"]}}",
                        NONE),
                holds(
                        "a missing key satisfies a negated operator",
                        "{\"StringNotEquals\": {\"kinesis:ConsumerName\": \"x\"}}",
                        NONE),
                fails(
                        "a negated operator on several request values: none may match",
                        "{\"StringNotEquals\": {\"aws:TagKeys\": \"a\"}}",
                        key("aws:TagKeys", "a", "b")),
                holds("StringEqualsIgnoreCase", "{\"StringEqualsIgnoreCase\": {\"aws:username\": \"ALICE\"}}", NONE),
                fails(
                        "StringNotEqualsIgnoreCase",
                        "{\"StringNotEqualsIgnoreCase\": {\"aws:username\": \"ALICE\"}}",
                        NONE),
                holds(
                        "StringLike with * and ?",
                        "{\"StringLike\": {\"s3:prefix\": \"home/*/photo?\"}}",
                        key("s3:prefix", "home/alice/photo1")),
                fails(
                        "StringLike: ? is exactly one character",
                        "{\"StringLike\": {\"s3:prefix\": \"home/*/photo?\"}}",
                        key("s3:prefix", "home/alice/photo")),
                holds("StringNotLike", "{\"StringNotLike\": {\"s3:prefix\": \"test-*\"}}", key("s3:prefix", "prod-1")),
                // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-infotouse
                holds(
                        "a policy variable in a condition value",
                        "{\"StringLike\": {\"kinesis:ConsumerName\": \"${aws:username}-*\"}}",
                        key("kinesis:ConsumerName", "alice-reader")),
                fails(
                        "a policy variable with no value in the request",
                        "{\"StringLike\": {\"kinesis:ConsumerName\": \"${aws:SourceVpc}-*\"}}",
                        key("kinesis:ConsumerName", "-reader")),
                holds(
                        "a policy variable's default value",
                        "{\"StringEquals\": {\"kinesis:ConsumerName\": \"${aws:SourceVpc, 'none'}\"}}",
                        key("kinesis:ConsumerName", "none")),
                // #policy-vars-specialchars
                holds(
                        "${*} is a literal asterisk",
                        "{\"StringLike\": {\"s3:prefix\": \"a${*}\"}}",
                        key("s3:prefix", "a*")),
                fails(
                        "${*} does not match like *",
                        "{\"StringLike\": {\"s3:prefix\": \"a${*}\"}}",
                        key("s3:prefix", "ab")),
                holds(
                        "${?} and ${$} are literals",
                        "{\"StringEquals\": {\"s3:prefix\": \"${?}${$}\"}}",
                        key("s3:prefix", "?$")),
                // #Conditions_IfExists
                holds(
                        "IfExists: a missing key",
                        "{\"StringEqualsIfExists\": {\"ec2:InstanceType\": \"t2.micro\"}}",
                        NONE),
                fails(
                        "IfExists: a present key must match",
                        "{\"StringEqualsIfExists\": {\"ec2:InstanceType\": \"t2.micro\"}}",
                        key("ec2:InstanceType", "m5.large")),
                // #Conditions_Numeric
                holds("NumericLessThan", "{\"NumericLessThan\": {\"s3:max-keys\": \"10\"}}", key("s3:max-keys", "9")),
                fails(
                        "NumericLessThan at the bound",
                        "{\"NumericLessThan\": {\"s3:max-keys\": \"10\"}}",
                        key("s3:max-keys", "10")),
                holds(
                        "NumericLessThanEquals at the bound",
                        "{\"NumericLessThanEquals\": {\"s3:max-keys\": 10}}",
                        key("s3:max-keys", "10")),
                holds(
                        "NumericEquals compares numbers, not text",
                        "{\"NumericEquals\": {\"s3:max-keys\": \"1.0\"}}",
                        key("s3:max-keys", "1")),
                fails(
                        "NumericGreaterThan",
                        "{\"NumericGreaterThan\": {\"s3:max-keys\": \"10\"}}",
                        key("s3:max-keys", "10")),
                holds(
                        "NumericGreaterThanEquals",
                        "{\"NumericGreaterThanEquals\": {\"s3:max-keys\": \"10\"}}",
                        key("s3:max-keys", "10.5")),
                fails("NumericNotEquals", "{\"NumericNotEquals\": {\"s3:max-keys\": \"5\"}}", key("s3:max-keys", "5")),
                fails(
                        "a request value that is no number",
                        "{\"NumericLessThan\": {\"s3:max-keys\": \"10\"}}",
                        key("s3:max-keys", "ten")),
                // #Conditions_Date
                holds(
                        "DateLessThan, ISO 8601",
                        "{\"DateLessThan\": {\"aws:CurrentTime\": \"2020-06-30T23:59:59Z\"}}",
                        key("aws:CurrentTime", "2020-06-30T00:00:00Z")),
                holds(
                        "DateGreaterThan, epoch seconds in the request",
                        "{\"DateGreaterThan\": {\"aws:EpochTime\": \"2020-04-01T00:00:00Z\"}}",
                        key("aws:EpochTime", "1585699201")),
                holds(
                        "DateEquals, epoch seconds in the policy",
                        "{\"DateEquals\": {\"aws:CurrentTime\": \"1585699200\"}}",
                        key("aws:CurrentTime", "2020-04-01T00:00:00Z")),
                fails(
                        "DateNotEquals",
                        "{\"DateNotEquals\": {\"aws:CurrentTime\": \"2020-04-01T02:00:00+02:00\"}}",
                        key("aws:CurrentTime", "2020-04-01T00:00:00Z")),
                holds(
                        "DateGreaterThanEquals",
                        "{\"DateGreaterThanEquals\": {\"aws:CurrentTime\": \"2020-04-01\"}}",
                        key("aws:CurrentTime", "2020-04-01T00:00:00Z")),
                fails(
                        "DateLessThanEquals",
                        "{\"DateLessThanEquals\": {\"aws:CurrentTime\": \"2020-04-01T00:00:00Z\"}}",
                        key("aws:CurrentTime", "2020-04-01T00:00:01Z")),
                // #Conditions_Boolean
                holds("Bool", "{\"Bool\": {\"aws:SecureTransport\": \"true\"}}", key("aws:SecureTransport", "true")),
                holds(
                        "Bool with a JSON boolean",
                        "{\"Bool\": {\"aws:SecureTransport\": false}}",
                        key("aws:SecureTransport", "false")),
                fails("Bool: a missing key", "{\"Bool\": {\"aws:SecureTransport\": \"false\"}}", NONE),
                // #Conditions_BinaryEquals
                holds(
                        "BinaryEquals",
                        "{\"BinaryEquals\": {\"kinesis:Payload\": \"QmluYXJ5VmFsdWVJbkJhc2U2NA==\"}}",
                        key("kinesis:Payload", "QmluYXJ5VmFsdWVJbkJhc2U2NA==")),
                fails(
                        "BinaryEquals, other bytes",
                        "{\"BinaryEquals\": {\"kinesis:Payload\": \"QmluYXJ5VmFsdWVJbkJhc2U2NA==\"}}",
                        key("kinesis:Payload", "T3RoZXI=")),
                // #Conditions_IPAddress
                holds(
                        "IpAddress, IPv4 range",
                        "{\"IpAddress\": {\"aws:SourceIp\": \"203.0.113.0/24\"}}",
                        key("aws:SourceIp", "203.0.113.5")),
                fails(
                        "IpAddress, outside the range",
                        "{\"IpAddress\": {\"aws:SourceIp\": \"203.0.113.0/24\"}}",
                        key("aws:SourceIp", "203.0.114.5")),
                holds(
                        "IpAddress, one address",
                        "{\"IpAddress\": {\"aws:SourceIp\": \"203.0.113.5\"}}",
                        key("aws:SourceIp", "203.0.113.5")),
                holds(
                        "IpAddress, IPv6 range",
                        "{\"IpAddress\": {\"aws:SourceIp\": \"2001:DB8:1234:5678::/64\"}}",
                        key("aws:SourceIp", "2001:db8:1234:5678::1")),
                fails(
                        "IpAddress, outside the IPv6 range",
                        "{\"IpAddress\": {\"aws:SourceIp\": \"2001:DB8:1234:5678::/64\"}}",
                        key("aws:SourceIp", "2001:db8:1234:5679::1")),
                fails(
                        "IpAddress, IPv4 against IPv6",
                        "{\"IpAddress\": {\"aws:SourceIp\": \"2001:DB8:1234:5678::/64\"}}",
                        key("aws:SourceIp", "203.0.113.5")),
                fails(
                        "IpAddress, no address",
                        "{\"IpAddress\": {\"aws:SourceIp\": \"0.0.0.0/0\"}}",
                        key("aws:SourceIp", "example.com")),
                holds(
                        "NotIpAddress, outside",
                        "{\"NotIpAddress\": {\"aws:SourceIp\": \"192.0.2.0/24\"}}",
                        key("aws:SourceIp", "198.51.100.1")),
                // #Conditions_ARN
                holds(
                        "ArnLike, wildcards per segment",
                        "{\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:sns:*:111122223333:*\"}}",
                        key("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic")),
                fails(
                        "ArnLike, a segment's wildcard does not span segments",
                        "{\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:*:111122223333:topic\"}}",
                        key("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic")),
                holds(
                        "ArnEquals",
                        "{\"ArnEquals\": {\"aws:SourceArn\": \"arn:aws:sns:us-east-1:111122223333:topic\"}}",
                        key("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic")),
                fails(
                        "ArnNotEquals",
                        "{\"ArnNotEquals\": {\"aws:SourceArn\": \"arn:aws:sns:us-east-1:111122223333:topic\"}}",
                        key("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic")),
                holds("ArnNotLike", "{\"ArnNotLike\": {\"aws:PrincipalArn\": \"arn:aws:iam::*:role/admin-*\"}}", NONE),
                // #Conditions_Null
                holds("Null true: the key is absent", "{\"Null\": {\"aws:TokenIssueTime\": \"true\"}}", NONE),
                fails(
                        "Null true: the key is present",
                        "{\"Null\": {\"aws:TokenIssueTime\": \"true\"}}",
                        key("aws:TokenIssueTime", "2020-04-01T00:00:00Z")),
                holds(
                        "Null false: the key is present",
                        "{\"Null\": {\"aws:TokenIssueTime\": \"false\"}}",
                        key("aws:TokenIssueTime", "2020-04-01T00:00:00Z")),
                // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
                holds(
                        "ForAllValues:StringLike, every value matches",
                        "{\"ForAllValues:StringLike\": {\"aws:TagKeys\": [\"env*\", \"team\"]}}",
                        key("aws:TagKeys", "environment", "team")),
                fails(
                        "ForAllValues:StringLike, one value does not",
                        "{\"ForAllValues:StringLike\": {\"aws:TagKeys\": [\"env*\"]}}",
                        key("aws:TagKeys", "env", "team")),
                holds(
                        "ForAllValues with a negated operator: no value is listed",
                        "{\"ForAllValues:StringNotEquals\": {\"aws:TagKeys\": \"secret\"}}",
                        key("aws:TagKeys", "b", "c")),
                fails(
                        "ForAllValues with a negated operator: one value is listed",
                        "{\"ForAllValues:StringNotEquals\": {\"aws:TagKeys\": \"secret\"}}",
                        key("aws:TagKeys", "secret", "c")),
                holds(
                        "ForAnyValue with a negated operator: one value is not listed",
                        "{\"ForAnyValue:StringNotEquals\": {\"aws:TagKeys\": \"a\"}}",
                        key("aws:TagKeys", "a", "b")),
                fails(
                        "ForAnyValue with a negated operator: every value is listed",
                        "{\"ForAnyValue:StringNotEquals\": {\"aws:TagKeys\": \"a\"}}",
                        key("aws:TagKeys", "a")),
                holds(
                        "ForAnyValue...IfExists: a missing key",
                        "{\"ForAnyValue:StringEqualsIfExists\": {\"aws:TagKeys\": \"a\"}}",
                        NONE),
                holds(
                        "operators of a block are ANDed",
                        "{\"StringEquals\": {\"aws:username\": \"alice\"}, \"Bool\": {\"aws:SecureTransport\": \"true\"}}",
                        key("aws:SecureTransport", "true")),
                fails(
                        "operators of a block are ANDed: one fails",
                        "{\"StringEquals\": {\"aws:username\": \"alice\"}, \"Bool\": {\"aws:SecureTransport\": \"true\"}}",
                        key("aws:SecureTransport", "false")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void evaluatesTheCondition(Row row) {
        PolicyDocument policy = Requests.identity("{\"Effect\": \"Allow\", \"Action\": \"kinesis:PutRecord\","
                + " \"Resource\": \"*\", \"Condition\": " + row.condition() + "}");

        EvaluationResult result =
                Requests.evaluate(ALICE, "kinesis:PutRecord", STREAM, List.of(policy), null, row.keys());

        assertThat(result.allowed()).isEqualTo(row.holds());
    }
}
