package io.millrace.gateway.protocol.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.RestJsonProtocol;
import io.millrace.gateway.protocol.RestRoute;
import io.millrace.gateway.protocol.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestJsonMessagesTest {

    private final RestRoute invoke = RestRoute.of(
                    "POST", "/2015-03-31/functions/{FunctionName}/invocations", "Invoke", 200)
            .query("Qualifier", "Qualifier", RestRoute.QueryType.STRING)
            .header("X-Amz-Invocation-Type", "InvocationType")
            .payload("Payload")
            .outputStatus("StatusCode")
            .outputHeader("FunctionError", "X-Amz-Function-Error")
            .outputPayload("Payload");
    private final RestRoute get = RestRoute.of("GET", "/2015-03-31/functions/{FunctionName}", "GetFunction", 200);
    private final RestRoute list = RestRoute.of("GET", "/2015-03-31/functions", "ListFunctions", 200)
            .query("MaxItems", "MaxItems", RestRoute.QueryType.INTEGER);
    private final RestRoute config =
            RestRoute.of("GET", "/2015-03-31/functions/{FunctionName}/configuration", "GetFunctionConfiguration", 200);
    private final RestRouter router = new RestRouter(List.of(ActionRegistry.forService("Lambda_20150331", "lambda")
            .onIoThread("Invoke", r -> WireCodec.object())
            .onIoThread("GetFunction", r -> WireCodec.object())
            .onIoThread("ListFunctions", r -> WireCodec.object())
            .onIoThread("GetFunctionConfiguration", r -> WireCodec.object())
            .restJsonProtocol(new RestJsonProtocol("lambda", List.of(invoke, get, list, config)))
            .build()));
    private final RestJsonMessages messages = new RestJsonMessages(new WireCodec());

    @Test
    void routesByMethodAndPathWithPercentEncodedLabels() throws Exception {
        RestRouter.Match match = router.match(
                "POST",
                "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af/invocations");
        assertThat(match.route()).isSameAs(invoke);
        ObjectNode tree = messages.request(
                match,
                "Qualifier=%24LATEST",
                name -> name.equals("x-amz-invocation-type") ? "Event" : null,
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(tree.get("FunctionName").asText()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:f");
        assertThat(tree.get("Qualifier").asText()).isEqualTo("$LATEST");
        assertThat(tree.get("InvocationType").asText()).isEqualTo("Event");
        assertThat(new String(tree.get("Payload").binaryValue(), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":1}");

        assertThat(router.match("GET", "/2015-03-31/functions/f").route()).isSameAs(get);
        assertThat(router.match("GET", "/2015-03-31/functions/f/configuration").route())
                .isSameAs(config);
        assertThat(router.match("GET", "/2015-03-31/functions").route()).isSameAs(list);
        assertThat(router.match("DELETE", "/2015-03-31/functions")).isNull();
        assertThat(router.match("GET", "/2015-03-31/functions/").route()).isSameAs(list);
        assertThat(router.match("GET", "/2015-03-31/functions//")).isNull();
        assertThat(router.match("POST", "/")).isNull();
    }

    @Test
    void readsJsonBodiesAndTypedQueryParameters() {
        ObjectNode tree = messages.request(
                router.match("GET", "/2015-03-31/functions"), "MaxItems=5&Marker=x", n -> null, new byte[0]);
        assertThat(tree.get("MaxItems").intValue()).isEqualTo(5);
        assertThat(tree.has("Marker")).isFalse();
        assertThatThrownBy(() -> messages.request(
                        router.match("GET", "/2015-03-31/functions"), "MaxItems=five", n -> null, new byte[0]))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("MaxItems");
        assertThatThrownBy(() -> messages.request(
                        router.match("GET", "/2015-03-31/functions/f"),
                        "",
                        n -> null,
                        "[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void answersStatusHeadersAndRawPayloadAsTheRouteBindsThem() throws Exception {
        ObjectNode output = WireCodec.object();
        output.put("StatusCode", 202);
        output.put("FunctionError", "Unhandled");
        output.put("Payload", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
        RestJsonMessages.Answer answer = messages.answer(invoke, output);
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.headers()).isEqualTo(Map.of("X-Amz-Function-Error", "Unhandled"));
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");

        ObjectNode function = WireCodec.object();
        function.putPOJO("LastModified", Instant.ofEpochSecond(1_700_000_000L));
        RestJsonMessages.Answer json = messages.answer(get, function);
        assertThat(json.status()).isEqualTo(200);
        JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.body());
        assertThat(body.get("LastModified").asDouble()).isEqualTo(1_700_000_000.0);
        assertThat(messages.answer(get, WireCodec.object()).body()).isEmpty();
    }

    @Test
    void errorsNameTheirSide() throws Exception {
        JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(messages.error(new ApiException("ResourceNotFoundException", 404, "Function not found: f")));
        assertThat(body.get("Type").asText()).isEqualTo("User");
        assertThat(body.get("message").asText()).isEqualTo("Function not found: f");
    }

    @Test
    void anErrorCarriesTheMembersOfItsShape() throws Exception {
        JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(messages.error(new ApiException("TooManyRequestsException", 429, "Rate Exceeded.")
                        .withMember("Reason", "ReservedFunctionConcurrentInvocationLimitExceeded")));
        assertThat(body.get("message").asText()).isEqualTo("Rate Exceeded.");
        assertThat(body.get("Reason").asText()).isEqualTo("ReservedFunctionConcurrentInvocationLimitExceeded");
        assertThat(body.size()).isEqualTo(3);
    }
}
