package io.millrace.firehose.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Whether an endpoint's answer means delivered: AWS counts only a 200 whose JSON body carries the request's
 * requestId; any other status is HttpEndpoint.DestinationException, a 200 without the right body
 * HttpEndpoint.InvalidResponseFromDestination.
 */
final class EndpointResponse {
    static final String DESTINATION_EXCEPTION = "HttpEndpoint.DestinationException";
    static final String INVALID_RESPONSE = "HttpEndpoint.InvalidResponseFromDestination";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** AWS logs the answer truncated. */
    private static final int SHOWN_BODY = 512;

    private EndpointResponse() {}

    /** Null when the answer means delivered, otherwise the failure. */
    static DeliveryFailure check(String requestId, int status, String body) {
        if (status != 200) {
            return new DeliveryFailure(
                    DESTINATION_EXCEPTION,
                    "The following response was received from the endpoint destination. " + status + ": "
                            + truncated(body));
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.isObject()) {
            return new DeliveryFailure(
                    INVALID_RESPONSE, "The response received from the endpoint is not valid JSON: " + truncated(body));
        }
        if (!requestId.equals(answer.path("requestId").asText(null))) {
            return new DeliveryFailure(
                    INVALID_RESPONSE,
                    "The response received from the endpoint has requestId " + answer.path("requestId") + ", not "
                            + requestId + ".");
        }
        return null;
    }

    private static String truncated(String body) {
        return body.length() <= SHOWN_BODY ? body : body.substring(0, SHOWN_BODY) + "...";
    }

    /** Why an attempt failed: AWS's errorCode and errorMessage. */
    record DeliveryFailure(String errorCode, String errorMessage) {}
}
