package io.millrace.gateway.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.GatewayService;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.protocol.QueryProtocol;
import io.millrace.gateway.protocol.query.QueryMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Small STS- and IAM-shaped Query APIs: just enough actions to see the wire protocol carry inputs (nested lists) to an
 * action and its outputs (structures, lists, maps, timestamps, numbers, booleans) and errors back to real clients.
 */
final class QueryStandIns implements GatewayService {

    static final QueryProtocol STS =
            new QueryProtocol("2011-06-15", "sts", "https://sts.amazonaws.com/doc/2011-06-15/");
    static final QueryProtocol IAM =
            new QueryProtocol("2010-05-08", "iam", "https://iam.amazonaws.com/doc/2010-05-08/");

    /** Tag values and a message with what XML must escape. */
    static final String TRICKY = "a <b> & \"c\" 'd' é";

    @Override
    public List<AwsService> apis() {
        return List.of(sts(), iam());
    }

    private static AwsService sts() {
        return ActionRegistry.forService("AWSSecurityTokenServiceV20110615", "sts")
                .queryProtocol(STS)
                .onIoThread("GetCallerIdentity", request -> {
                    Principal caller = request.caller();
                    return object().put("UserId", caller.userId())
                            .put("Account", caller.accountId())
                            .put("Arn", caller.arn());
                })
                .onIoThread("AssumeRole", request -> {
                    JsonNode body = request.body();
                    String session = body.path("RoleSessionName").asText();
                    long seconds = Long.parseLong(body.path("DurationSeconds").asText("3600"));
                    ObjectNode output = object();
                    ObjectNode credentials = output.putObject("Credentials");
                    credentials.put("AccessKeyId", "ASIASTANDIN");
                    credentials.put("SecretAccessKey", "secret/" + session);
                    credentials.put("SessionToken", "token+" + session);
                    credentials.putPOJO("Expiration", request.receivedAt().plus(Duration.ofSeconds(seconds)));
                    String role = body.path("RoleArn").asText();
                    output.putObject("AssumedRoleUser")
                            .put("AssumedRoleId", "AROASTANDIN:" + session)
                            .put(
                                    "Arn",
                                    role.replace(":iam:", ":sts:").replace(":role/", ":assumed-role/") + "/" + session);
                    output.put("PackedPolicySize", body.path("Tags").size());
                    // What the action received, echoed in a string member: the lists in the order they were sent.
                    List<String> tags = new ArrayList<>();
                    body.path("Tags")
                            .forEach(tag -> tags.add(tag.path("Key").asText() + "="
                                    + tag.path("Value").asText()));
                    List<String> arns = new ArrayList<>();
                    body.path("PolicyArns")
                            .forEach(arn -> arns.add(arn.path("arn").asText()));
                    output.put("SourceIdentity", String.join(",", tags) + "|" + String.join(",", arns));
                    return output;
                })
                .onIoThread("DecodeAuthorizationMessage", request -> {
                    throw new ApiException("InvalidAuthorizationMessageException", 400, "Not a message: " + TRICKY);
                })
                .build();
    }

    private static AwsService iam() {
        return ActionRegistry.forService("AWSIdentityManagementV20100508", "iam")
                .queryProtocol(IAM)
                .onIoThread("ListRoleTags", request -> {
                    ObjectNode output = object();
                    output.putArray("Tags")
                            .add(object().put("Key", "team").put("Value", TRICKY))
                            .add(object().put("Key", "role")
                                    .put(
                                            "Value",
                                            request.body().path("RoleName").asText()));
                    output.put("IsTruncated", false);
                    return output;
                })
                .onIoThread(
                        "GetAccountSummary",
                        request -> object().set(
                                        "SummaryMap",
                                        QueryMap.of(object().put("Users", 3).put("Roles", 7))))
                .onIoThread("DeleteRole", request -> object())
                .onIoThread("GetRole", request -> {
                    throw new ApiException(
                            "NoSuchEntity",
                            404,
                            "The role with name "
                                    + request.body().path("RoleName").asText() + " cannot be found.");
                })
                .build();
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Override
    public void close() {}
}
