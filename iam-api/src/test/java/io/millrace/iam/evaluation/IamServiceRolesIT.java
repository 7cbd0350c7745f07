package io.millrace.iam.evaluation;

import static io.millrace.iam.testkit.IamNode.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.access.Decision;
import io.millrace.gateway.access.ResourcePolicies;
import io.millrace.gateway.access.ServiceCaller;
import io.millrace.gateway.access.ServiceRoles;
import io.millrace.iam.testkit.IamNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The roles services act as, from IAM's view: existence by whole ARN, the service's trust, the role's policies. */
class IamServiceRolesIT {

    private static final String FIREHOSE = "firehose.amazonaws.com";
    private static final String STREAM = "arn:aws:firehose:us-east-1:" + IamNode.ACCOUNT + ":deliverystream/orders";
    /** Firehose for a delivery stream of the account, as it presents itself (Firehose passes the account id). */
    private static final ServiceCaller DELIVERY = new ServiceCaller(FIREHOSE, STREAM, IamNode.ACCOUNT);

    private static final String ARN = "arn:aws:iam::" + IamNode.ACCOUNT + ":role/";
    private static final AccessRequest PUT =
            AccessRequest.of("s3:PutObject", "arn:aws:s3:::delivery-bucket/2026/12/06/records");

    private static IamNode node;
    private static ServiceRoles roles;

    @BeforeAll
    static void start() {
        node = IamNode.start("__millrace_iam_service_roles_it");
        roles = node.service().serviceRoles(ResourcePolicies.NONE);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aRoleTrustingTheServiceCanBeAssumedByItOnly() {
        role("delivery", "/", trust("Allow", "{\"Service\":\"firehose.amazonaws.com\"}", "sts:AssumeRole"));

        assertThat(roles.problemAssuming(ARN + "delivery", DELIVERY)).isEmpty();
        assertThat(roles.problemAssuming(
                        ARN + "delivery", new ServiceCaller("kinesisanalytics.amazonaws.com", null, null)))
                .hasValue("the trust policy of " + ARN
                        + "delivery does not allow kinesisanalytics.amazonaws.com to perform sts:AssumeRole");
        assertThat(roles.problemAssuming(ARN + "missing", DELIVERY))
                .hasValue("the role " + ARN + "missing does not exist");
    }

    @Test
    void aRoleIsFoundByItsWholeArn() {
        role(
                "pathed",
                "/service-role/",
                trust("Allow", "{\"Service\":[\"a.amazonaws.com\",\"" + FIREHOSE + "\"]}", "sts:*"));

        assertThat(roles.problemAssuming(ARN + "service-role/pathed", DELIVERY)).isEmpty();
        assertThat(roles.problemAssuming(ARN + "pathed", DELIVERY))
                .hasValue("the role " + ARN + "pathed does not exist");
        assertThat(roles.problemAssuming("arn:aws:iam::210987654321:role/service-role/pathed", DELIVERY))
                .isPresent();
        assertThat(roles.problemAssuming(ARN + "missing", DELIVERY))
                .hasValue("the role " + ARN + "missing does not exist");
    }

    @Test
    void aTrustPolicyNamingOnlyAccountsOrOtherActionsDoesNotLetTheServiceIn() {
        role(
                "users-only",
                "/",
                trust("Allow", "{\"AWS\":\"arn:aws:iam::" + IamNode.ACCOUNT + ":root\"}", "sts:AssumeRole"));
        role("tagging-only", "/", trust("Allow", "{\"Service\":\"" + FIREHOSE + "\"}", "sts:TagSession"));

        assertThat(roles.problemAssuming(ARN + "users-only", DELIVERY)).isPresent();
        assertThat(roles.problemAssuming(ARN + "tagging-only", DELIVERY)).isPresent();
    }

    @Test
    void trustConditionsSeeTheSourceTheServiceActsFor() {
        // Firehose's documented trust policy: the external id is the account id.
        role("external-id", "/", trustWith("{\"StringEquals\":{\"sts:ExternalId\":\"" + IamNode.ACCOUNT + "\"}}"));
        // AWS's confused-deputy guidance: the account and the resource the service acts for.
        role(
                "own-streams",
                "/",
                trustWith("{\"StringEquals\":{\"aws:SourceAccount\":\"" + IamNode.ACCOUNT + "\"},"
                        + "\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:firehose:*:" + IamNode.ACCOUNT
                        + ":deliverystream/ord*\"}}"));
        String foreignStream = "arn:aws:firehose:us-east-1:444455556666:deliverystream/orders";
        ServiceCaller foreign = new ServiceCaller(FIREHOSE, foreignStream, "444455556666");

        assertThat(roles.problemAssuming(ARN + "external-id", DELIVERY)).isEmpty();
        assertThat(roles.problemAssuming(ARN + "external-id", foreign)).isPresent();
        assertThat(roles.problemAssuming(ARN + "own-streams", DELIVERY)).isEmpty();
        assertThat(roles.problemAssuming(ARN + "own-streams", foreign))
                .hasValue("the trust policy of " + ARN + "own-streams does not allow " + FIREHOSE
                        + " to perform sts:AssumeRole for " + foreignStream);
        assertThat(roles.problemAssuming(
                        ARN + "own-streams",
                        new ServiceCaller(
                                FIREHOSE,
                                "arn:aws:firehose:us-east-1:" + IamNode.ACCOUNT + ":deliverystream/billing",
                                IamNode.ACCOUNT)))
                .isPresent();
    }

    @Test
    void anExplicitDenyForTheServiceWins() {
        String allowAndDeny = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + statement("Allow", "{\"Service\":\"" + FIREHOSE + "\"}", "sts:AssumeRole") + ","
                + statement("Deny", "\"*\"", "sts:Assume*") + "]}";
        role("denied", "/", allowAndDeny);

        assertThat(roles.problemAssuming(ARN + "denied", DELIVERY)).isPresent();
    }

    @Test
    void whatTheServiceDoesIsDecidedByTheRolesPoliciesAtEachCheck() {
        role("writer", "/", trust("Allow", "{\"Service\":\"" + FIREHOSE + "\"}", "sts:AssumeRole"));

        Decision before = roles.authorize(ARN + "writer", FIREHOSE, PUT);
        assertThat(before.allowed()).isFalse();
        assertThat(before.reason()).isEqualTo("because no identity-based policy allows the s3:PutObject action");

        node.iam(
                "PutRolePolicy",
                form(
                        "RoleName",
                        "writer",
                        "PolicyName",
                        "s3-write",
                        "PolicyDocument",
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\","
                                + "\"Resource\":\"arn:aws:s3:::delivery-bucket/*\"}]}"));
        assertThat(roles.authorize(ARN + "writer", FIREHOSE, PUT).allowed()).isTrue();
        assertThat(roles.authorize(
                                ARN + "writer",
                                FIREHOSE,
                                AccessRequest.of("s3:PutObject", "arn:aws:s3:::other-bucket/key"))
                        .allowed())
                .isFalse();

        node.iam("DeleteRolePolicy", form("RoleName", "writer", "PolicyName", "s3-write"));
        assertThat(roles.authorize(ARN + "writer", FIREHOSE, PUT).allowed()).isFalse();
    }

    @Test
    void aMissingRoleMayDoNothing() {
        assertThat(roles.authorize(ARN + "nobody", FIREHOSE, PUT).allowed()).isFalse();
    }

    private static void role(String name, String path, String trust) {
        node.iam("CreateRole", form("RoleName", name, "Path", path, "AssumeRolePolicyDocument", trust));
    }

    private static String trust(String effect, String principal, String action) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement(effect, principal, action) + "]}";
    }

    private static String trustWith(String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\""
                + FIREHOSE + "\"},\"Action\":\"sts:AssumeRole\",\"Condition\":" + condition + "}]}";
    }

    private static String statement(String effect, String principal, String action) {
        return "{\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":\"" + action + "\"}";
    }
}
