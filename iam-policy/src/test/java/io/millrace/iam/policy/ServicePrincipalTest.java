package io.millrace.iam.policy;

import static io.millrace.iam.policy.Requests.ACCOUNT;
import static io.millrace.iam.policy.Requests.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Service principals in trust policies, with the condition keys AWS's confused-deputy guidance has them check
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
 */
class ServicePrincipalTest {

    private static final String ROLE = "arn:aws:iam::111122223333:role/delivery";
    private static final Caller FIREHOSE = Caller.service("firehose.amazonaws.com");
    private static final String OWN_STREAM = "arn:aws:firehose:us-east-1:111122223333:deliverystream/orders";
    private static final String FOREIGN_STREAM = "arn:aws:firehose:us-east-1:444455556666:deliverystream/orders";

    private static PolicyDocument trust(String statements) {
        return PolicyDocument.parseTrustPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}");
    }

    private static EvaluationResult assume(Caller caller, PolicyDocument trust, String sourceArn) {
        String sourceAccount = sourceArn == null ? null : sourceArn.split(":")[4];
        return PolicyEvaluator.evaluate(new EvaluationRequest(
                caller,
                "sts:AssumeRole",
                ROLE,
                ACCOUNT,
                List.of(),
                trust,
                ConditionContext.builder()
                        .caller(caller)
                        .source(sourceArn, sourceAccount)
                        .build()));
    }

    @Test
    void aServicePrincipalLetsThatServiceInAndNoOther() {
        PolicyDocument policy = trust("""
                {"Effect": "Allow", "Principal": {"Service": "firehose.amazonaws.com"}, "Action": "sts:AssumeRole"}""");

        assertThat(assume(FIREHOSE, policy, OWN_STREAM).allowed()).isTrue();
        EvaluationResult other = assume(Caller.service("kinesisanalytics.amazonaws.com"), policy, null);
        assertThat(other.allowed()).isFalse();
        assertThat(other.reason()).isEqualTo("because no resource-based policy allows the sts:AssumeRole action");
        // A user of the role's own account is not named by a Service principal.
        assertThat(assume(ALICE, policy, null).allowed()).isFalse();
    }

    @Test
    void anAccountPrincipalDoesNotNameServicesButTheWildcardDoes() {
        assertThat(assume(FIREHOSE, trust("""
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}"""), OWN_STREAM).allowed()).isFalse();
        assertThat(assume(FIREHOSE, trust("""
                {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}"""), OWN_STREAM).allowed()).isTrue();
    }

    @Test
    void aSourceAccountConditionLimitsTheServiceToResourcesOfThatAccount() {
        PolicyDocument policy = trust("""
                {"Effect": "Allow", "Principal": {"Service": "firehose.amazonaws.com"}, "Action": "sts:AssumeRole",
                 "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}""");

        assertThat(assume(FIREHOSE, policy, OWN_STREAM).allowed()).isTrue();
        assertThat(assume(FIREHOSE, policy, FOREIGN_STREAM).allowed()).isFalse();
        // The service acting for no resource of the account presents no source: the condition fails.
        assertThat(assume(FIREHOSE, policy, null).allowed()).isFalse();
    }

    @Test
    void aSourceArnConditionLimitsTheServiceToTheNamedResources() {
        PolicyDocument policy = trust("""
                {"Effect": "Allow", "Principal": {"Service": "firehose.amazonaws.com"}, "Action": "sts:AssumeRole",
                 "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:firehose:*:111122223333:deliverystream/ord*"},
                               "StringEquals": {"aws:SourceAccount": "111122223333"}}}""");

        assertThat(assume(FIREHOSE, policy, OWN_STREAM).allowed()).isTrue();
        assertThat(assume(FIREHOSE, policy, "arn:aws:firehose:us-east-1:111122223333:deliverystream/billing")
                        .allowed())
                .isFalse();
    }

    @Test
    void anExplicitDenyOfTheServiceWinsAndNotPrincipalCanExemptIt() {
        String allow = """
                {"Effect": "Allow", "Principal": {"Service": "firehose.amazonaws.com"}, "Action": "sts:AssumeRole"}""";
        assertThat(assume(FIREHOSE, trust(allow + """
                , {"Effect": "Deny", "Principal": {"Service": "firehose.amazonaws.com"}, "Action": "sts:*"}"""), null).reason())
                .isEqualTo("with an explicit deny in a resource-based policy");
        assertThat(assume(FIREHOSE, trust(allow + """
                , {"Effect": "Deny", "NotPrincipal": {"Service": "firehose.amazonaws.com"}, "Action": "sts:*"}"""), null).allowed()).isTrue();
    }

    @Test
    void theServiceIsDescribedByItsOwnGlobalKeys() {
        ConditionContext context = ConditionContext.builder().caller(FIREHOSE).build();

        assertThat(context.values("aws:PrincipalServiceName")).containsExactly("firehose.amazonaws.com");
        assertThat(context.values("aws:PrincipalIsAWSService")).containsExactly("true");
        assertThat(context.values("aws:PrincipalArn")).isEmpty();
        assertThat(context.values("aws:PrincipalAccount")).isEmpty();
        assertThat(ConditionContext.builder().caller(ALICE).build().values("aws:PrincipalIsAWSService"))
                .containsExactly("false");
    }
}
