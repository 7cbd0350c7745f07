package io.millrace.gateway.protocol;

/**
 * The service and operation of a Smithy RPC v2 CBOR call, named by its path
 * {@code /service/<ServiceName>/operation/<Operation>} (the spec: "the path ... MUST be of the form
 * {@code /service/{serviceName}/operation/{operationName}}", anything before it being a prefix of the endpoint).
 * The service name is the one AWS's JSON protocols put before the dot of {@code X-Amz-Target}
 * ({@code GraniteServiceVersion20100801} for CloudWatch), so both protocols reach the same {@link AwsService}.
 */
public record RpcV2Target(String service, String operation) {

    /** The header every RPC v2 CBOR request and response carries, and its value. */
    public static final String PROTOCOL_HEADER = "smithy-protocol";

    public static final String PROTOCOL = "rpc-v2-cbor";

    private static final String SERVICE = "/service/";
    private static final String OPERATION = "/operation/";

    /** The call's target; UnknownOperationException when the path does not name one. */
    public static RpcV2Target of(String uri) {
        int question = uri.indexOf('?');
        String path = question < 0 ? uri : uri.substring(0, question);
        int service = path.lastIndexOf(SERVICE);
        int operation = path.lastIndexOf(OPERATION);
        if (service < 0 || operation <= service + SERVICE.length()) {
            throw ApiException.unknownOperation("Malformed Smithy RPC v2 path: " + path);
        }
        String serviceName = path.substring(service + SERVICE.length(), operation);
        String operationName = path.substring(operation + OPERATION.length());
        if (serviceName.isEmpty()
                || serviceName.contains("/")
                || operationName.isEmpty()
                || operationName.contains("/")) {
            throw ApiException.unknownOperation("Malformed Smithy RPC v2 path: " + path);
        }
        return new RpcV2Target(serviceName, operationName);
    }
}
