package io.millrace.lambda.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.lambda.errors.LambdaErrors;
import io.millrace.lambda.invoke.Concurrency;
import io.millrace.lambda.invoke.InvocationResult;
import io.millrace.lambda.invoke.Invokers;
import io.millrace.lambda.store.LambdaStore;
import io.millrace.schemas.lambda.FunctionRecord;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions, DeleteFunction and Invoke. A function's code
 * is one of two things (see the module's README): a URL speaking the invoke contract over HTTP
 * ({@code PackageType: Image}, {@code Code.ImageUri}), or a {@link io.millrace.lambda.invoke.LambdaHandler} class on
 * the platform's classpath (a {@code java*} Runtime, {@code Handler} the class name; the ZIP given is not run).
 */
final class FunctionActions {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionActions.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROLE =
            Pattern.compile("arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    /** Timeout: default 3 s, at most 900 s (Lambda quotas: "Function timeout 900 seconds (15 minutes)"). */
    private static final int DEFAULT_TIMEOUT = 3;

    private static final int MAX_TIMEOUT = 900;
    /** Invoke's payload: 6 MB synchronous, 1 MB asynchronous (Lambda quotas, "Invocation payload"). */
    static final int MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;

    static final int MAX_ASYNC_PAYLOAD = 1024 * 1024;
    /** ListFunctions' MaxItems: 1 to 10000 in the model; AWS pages by 50 when none is given. */
    private static final int DEFAULT_PAGE = 50;

    private final LambdaStore store;
    private final Invokers invokers;
    private final ExecutorService asyncInvocations;
    private final List<String> urlAllowlist;

    FunctionActions(LambdaStore store, Invokers invokers, ExecutorService asyncInvocations, List<String> urlAllowlist) {
        this.store = store;
        this.invokers = invokers;
        this.asyncInvocations = asyncInvocations;
        this.urlAllowlist = urlAllowlist;
    }

    JsonNode create(AwsRequest request) throws InterruptedException {
        JsonNode body = request.body();
        String functionName = Fields.text(body, "FunctionName");
        String role = Fields.text(body, "Role");
        JsonNode code = Fields.object(body, "Code");
        String runtime = Fields.text(body, "Runtime");
        String handler = Fields.text(body, "Handler");
        String description = Fields.text(body, "Description");
        Integer timeout = Fields.integer(body, "Timeout");
        Integer memory = Fields.integer(body, "MemorySize");
        String packageType = Fields.text(body, "PackageType");
        new Validation()
                .required("functionName", functionName)
                .length("functionName", functionName, 1, 140)
                .required("role", role)
                .pattern("role", role, ROLE)
                .required("code", code)
                .length("handler", handler, 0, 128)
                .length("description", description, 0, 256)
                .range("timeout", timeout, 1, Integer.MAX_VALUE)
                .range("memorySize", memory, 128, 32768)
                .oneOf("packageType", packageType, Set.of("Zip", "Image"))
                .throwIfInvalid();
        if (timeout != null && timeout > MAX_TIMEOUT) {
            throw LambdaErrors.invalidParameter(
                    "Timeout must be at most " + MAX_TIMEOUT + " seconds, got " + timeout + ".");
        }
        String name = FunctionNames.parse(functionName, request.region(), request.accountId())
                .name();
        String imageUri = Fields.text(code, "ImageUri");
        byte[] zip = Fields.blob(code, "ZipFile");
        boolean image = "Image".equals(packageType);
        if (image) {
            if (imageUri == null || !(imageUri.startsWith("http://") || imageUri.startsWith("https://"))) {
                throw LambdaErrors.invalidParameter("A function of PackageType Image here is a URL that speaks the"
                        + " Lambda invoke contract: give Code.ImageUri as an http:// or https:// URL.");
            }
            if (!urlAllowlist.isEmpty() && urlAllowlist.stream().noneMatch(imageUri::startsWith)) {
                throw LambdaErrors.invalidParameter(
                        "The function URL " + imageUri + " matches no entry of the platform's URL allowlist.");
            }
            if (runtime != null || handler != null) {
                throw LambdaErrors.invalidParameter(
                        "Runtime and Handler are not supported for functions with" + " PackageType Image.");
            }
        } else {
            if (runtime == null || handler == null) {
                throw LambdaErrors.invalidParameter("Runtime and Handler are mandatory parameters for functions"
                        + " created with deployment packages.");
            }
            if (!runtime.startsWith("java")) {
                throw LambdaErrors.invalidParameter("The runtime parameter of " + runtime + " is not supported by"
                        + " this endpoint: a ZIP function runs a Java class of the platform's classpath (java11,"
                        + " java17, java21...); a function of another language is a URL (PackageType Image,"
                        + " Code.ImageUri).");
            }
            try {
                Invokers.checkHandler(handler);
            } catch (IllegalArgumentException e) {
                throw LambdaErrors.invalidParameter(e.getMessage());
            }
        }
        byte[] codeBytes =
                image ? imageUri.getBytes(java.nio.charset.StandardCharsets.UTF_8) : zip == null ? new byte[0] : zip;
        long now = System.currentTimeMillis();
        FunctionRecord record = FunctionRecord.newBuilder()
                .setName(name)
                .setIncarnation(UUID.randomUUID().toString())
                .setVersion(1L)
                .setArn(FunctionNames.arn(request.region(), request.accountId(), name))
                .setRole(role)
                .setPackageType(image ? "Image" : "Zip")
                .setRuntime(runtime)
                .setHandler(image ? null : handler)
                .setImageUri(image ? imageUri : null)
                .setDescription(description == null ? "" : description)
                .setTimeoutSeconds(timeout == null ? DEFAULT_TIMEOUT : timeout)
                .setMemorySize(memory == null ? 128 : memory)
                .setCodeSha256(sha256(codeBytes))
                .setCodeSize(codeBytes.length)
                .setEnvironment(stringMap(Fields.object(body, "Environment"), "Variables"))
                .setTags(stringMap(body, "Tags"))
                .setLastModifiedMillis(now)
                .setRevisionId(UUID.randomUUID().toString())
                .build();
        FunctionRecord written = StoreWrites.await(store.updateFunction(name, current -> {
            if (current != null) {
                throw LambdaErrors.conflict("Function already exist: " + name);
            }
            return record;
        }));
        LOG.info("Function {} created ({})", name, image ? imageUri : "java class " + record.getHandler());
        return LambdaShapes.configuration(written);
    }

    JsonNode get(AwsRequest request) {
        return LambdaShapes.function(find(request));
    }

    JsonNode getConfiguration(AwsRequest request) {
        return LambdaShapes.configuration(find(request));
    }

    JsonNode list(AwsRequest request) {
        JsonNode body = request.body();
        Integer maxItems = Fields.integer(body, "MaxItems");
        String marker = Fields.text(body, "Marker");
        new Validation().range("maxItems", maxItems, 1, 10000).throwIfInvalid();
        int limit = maxItems == null ? DEFAULT_PAGE : maxItems;
        ObjectNode out = WireCodec.object();
        ArrayNode list = out.putArray("Functions");
        String last = null;
        boolean more = false;
        for (FunctionRecord function : store.functions()) {
            if (marker != null && function.getName().compareTo(marker) <= 0) {
                continue;
            }
            if (list.size() == limit) {
                more = true;
                break;
            }
            list.add(LambdaShapes.configuration(function));
            last = function.getName();
        }
        if (more) {
            out.put("NextMarker", last);
        }
        return out;
    }

    JsonNode delete(AwsRequest request) throws InterruptedException {
        FunctionRecord function = find(request);
        StoreWrites.await(store.removeFunction(function));
        LOG.info("Function {} deleted", function.getName());
        return WireCodec.object();
    }

    JsonNode invoke(AwsRequest request) throws InterruptedException {
        JsonNode body = request.body();
        String type = Fields.text(body, "InvocationType");
        new Validation()
                .oneOf("invocationType", type, Set.of("Event", "RequestResponse", "DryRun"))
                .oneOf("logType", Fields.text(body, "LogType"), Set.of("None", "Tail"))
                .throwIfInvalid();
        FunctionRecord function = find(request);
        byte[] payload = body.has("Payload") ? Fields.blob(body, "Payload") : new byte[0];
        String invocationType = type == null ? "RequestResponse" : type;
        int max = invocationType.equals("Event") ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
        if (payload.length > max) {
            throw LambdaErrors.requestTooLarge(
                    "Request must be smaller than " + max + " bytes for the " + invocationType + " invocation type");
        }
        if (payload.length > 0) {
            try {
                JSON.readTree(payload);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw LambdaErrors.invalidRequestContent(
                        "Could not parse request body into json: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw LambdaErrors.invalidRequestContent("Could not parse request body into json");
            }
        }
        ObjectNode out = WireCodec.object();
        out.put("ExecutedVersion", "$LATEST");
        switch (invocationType) {
            case "DryRun" -> out.put("StatusCode", 204);
            case "Event" -> {
                // A full queue answers TooManyRequestsException (the service's rejection handler).
                asyncInvocations.execute(() -> runEvent(function, payload));
                out.put("StatusCode", 202);
            }
            default -> {
                InvocationResult result;
                try {
                    result = invokers.invoke(function, payload);
                } catch (Concurrency.ThrottledException e) {
                    // AWS: "Rate Exceeded." with the reason ReservedFunctionConcurrentInvocationLimitExceeded or
                    // ConcurrentInvocationLimitExceeded (the model's ThrottleReason).
                    throw LambdaErrors.tooManyRequests(e.getMessage()).withMember("Reason", e.reason());
                }
                out.put("StatusCode", 200);
                if (result.failed()) {
                    out.put("FunctionError", result.functionError());
                }
                out.put("Payload", result.payload());
            }
        }
        return out;
    }

    private void runEvent(FunctionRecord function, byte[] payload) {
        try {
            // Throttled asynchronous invocations wait for a free slot, as Lambda's event queue retries them.
            InvocationResult result = invokers.invokeWhenFree(
                    () -> store.function(function.getName())
                            .filter(f -> f.getArn().equals(function.getArn())
                                    && f.getIncarnation().equals(function.getIncarnation()))
                            .orElse(null),
                    payload,
                    InvocationResult.unhandled(
                            "ResourceNotFoundException", "Function not found: " + function.getArn()));
            if (result.failed()) {
                LOG.warn(
                        "Asynchronous invocation of {} failed ({}): {}",
                        function.getName(),
                        result.functionError(),
                        new String(result.payload(), java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Asynchronous invocation of {} failed: {}", function.getName(), e.toString());
        }
    }

    private FunctionRecord find(AwsRequest request) {
        String functionName = Fields.text(request.body(), "FunctionName");
        new Validation()
                .required("functionName", functionName)
                .length("functionName", functionName, 1, 256)
                .throwIfInvalid();
        FunctionNames.Name name = FunctionNames.parse(functionName, request.region(), request.accountId());
        String qualifier = Fields.text(request.body(), "Qualifier");
        String arn = FunctionNames.arn(request.region(), request.accountId(), name.name());
        if (qualifier != null && !qualifier.equals("$LATEST")) {
            throw LambdaErrors.functionNotFound(arn + ":" + qualifier);
        }
        return store.function(name.name()).orElseThrow(() -> LambdaErrors.functionNotFound(arn));
    }

    private static Map<String, String> stringMap(JsonNode parent, String member) {
        Map<String, String> out = new LinkedHashMap<>();
        if (parent == null) {
            return out;
        }
        JsonNode map = Fields.object(parent, member);
        if (map == null) {
            return out;
        }
        List<String> names = new ArrayList<>();
        map.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode value = map.get(name);
            if (!value.isTextual()) {
                throw ApiException.serialization("Member " + member + "." + name + " must be a string");
            }
            out.put(name, value.textValue());
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
