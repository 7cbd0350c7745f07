package io.millrace.gateway.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One action of a rest-json API as its service model's {@code http} trait and member locations bind it: the method
 * and URI template ({@code /2015-03-31/functions/{FunctionName}/invocations}), the query parameters and headers that
 * carry input members, the member that is the whole body ({@code payload}, a blob), the status code of success, and
 * the output members answered as headers, as the status code, or as the whole body. Members not bound elsewhere
 * travel in a JSON body, as in botocore's {@code rest-json} protocol.
 */
public final class RestRoute {

    /** How a query parameter's text becomes a member: as text, or as an integer (MaxItems). */
    public enum QueryType {
        STRING,
        INTEGER
    }

    /** A query parameter's member and type. */
    public record QueryBinding(String member, QueryType type) {}

    private final String action;
    private final String method;
    private final List<String> segments;
    private final int successStatus;
    private final Map<String, QueryBinding> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> outputHeaders = new LinkedHashMap<>();
    private String payload;
    private String outputPayload;
    private String outputStatus;

    private RestRoute(String method, String uriTemplate, String action, int successStatus) {
        this.method = method.toUpperCase(Locale.ROOT);
        this.action = Objects.requireNonNull(action);
        this.successStatus = successStatus;
        if (!uriTemplate.startsWith("/")) {
            throw new IllegalArgumentException("A URI template starts with /: " + uriTemplate);
        }
        this.segments = List.of(uriTemplate.substring(1).split("/", -1));
    }

    /** {@code responseCode} is the model's {@code http.responseCode} (200 when it names none). */
    public static RestRoute of(String method, String uriTemplate, String action, int responseCode) {
        return new RestRoute(method, uriTemplate, action, responseCode);
    }

    /** An input member in the query string ({@code location: querystring}). */
    public RestRoute query(String parameter, String member, QueryType type) {
        query.put(parameter, new QueryBinding(member, type));
        return this;
    }

    /** An input member in a header ({@code location: header}); header names match in any case. */
    public RestRoute header(String header, String member) {
        headers.put(header.toLowerCase(Locale.ROOT), member);
        return this;
    }

    /** The input member that is the whole request body, a blob ({@code payload} of the input shape). */
    public RestRoute payload(String member) {
        this.payload = member;
        return this;
    }

    /** An output member answered as a header. */
    public RestRoute outputHeader(String member, String header) {
        outputHeaders.put(member, header);
        return this;
    }

    /** The output member that is the whole answer's body, a blob ({@code payload} of the output shape). */
    public RestRoute outputPayload(String member) {
        this.outputPayload = member;
        return this;
    }

    /** The output member that is the answer's status code ({@code location: statusCode}). */
    public RestRoute outputStatus(String member) {
        this.outputStatus = member;
        return this;
    }

    public String action() {
        return action;
    }

    public String method() {
        return method;
    }

    public int successStatus() {
        return successStatus;
    }

    public List<String> segments() {
        return segments;
    }

    public Map<String, QueryBinding> queryBindings() {
        return query;
    }

    public Map<String, String> headerBindings() {
        return headers;
    }

    public Map<String, String> outputHeaders() {
        return outputHeaders;
    }

    public String payload() {
        return payload;
    }

    public String outputPayload() {
        return outputPayload;
    }

    public String outputStatus() {
        return outputStatus;
    }

    /**
     * The labels of {@code pathSegments} (still percent-encoded) when they fit the template, else null. A label
     * {@code {Name}} takes one segment, {@code {Name+}} the rest of the path.
     */
    public Map<String, String> match(List<String> pathSegments) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String template = segments.get(i);
            boolean label = template.startsWith("{") && template.endsWith("}");
            if (label && template.endsWith("+}")) {
                if (i >= pathSegments.size()) {
                    return null;
                }
                labels.put(
                        template.substring(1, template.length() - 2),
                        String.join("/", pathSegments.subList(i, pathSegments.size())));
                return labels;
            }
            if (i >= pathSegments.size()) {
                return null;
            }
            String segment = pathSegments.get(i);
            if (label) {
                if (segment.isEmpty()) {
                    return null;
                }
                labels.put(template.substring(1, template.length() - 1), segment);
            } else if (!template.equals(segment)) {
                return null;
            }
        }
        return segments.size() == pathSegments.size() ? labels : null;
    }

    /** Fixed segments count: a route with more of them wins over one that takes the same path through labels. */
    public int literalSegments() {
        return (int) segments.stream().filter(s -> !s.startsWith("{")).count();
    }
}
