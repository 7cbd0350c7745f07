package io.millrace.console.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.RequestContext;
import io.millrace.gateway.route.GatewayCalls;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One console request's way to the AWS APIs: the signed-in principal (the root in open mode), the request's context
 * for the policies' conditions, and the session's form token.
 */
public record Caller(GatewayCalls calls, Principal principal, RequestContext context, String csrfToken) {

    public static final String KINESIS = "Kinesis_20131202";
    public static final String FIREHOSE = "Firehose_20150804";
    public static final String ANALYTICS = "KinesisAnalytics_20180523";

    /** Calls {@code action} of {@code api} with the input {@code fill} writes. */
    public CompletionStage<JsonNode> call(String api, String action, Consumer<ObjectNode> fill) {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        fill.accept(input);
        return calls.call(principal, context, api, action, input);
    }

    /** Who is signed in, as the header shows it. */
    public String who() {
        return principal.arn();
    }
}
