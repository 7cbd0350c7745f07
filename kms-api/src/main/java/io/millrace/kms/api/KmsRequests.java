package io.millrace.kms.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.store.VersionConflictException;
import io.millrace.kms.errors.KmsErrors;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads the members KMS requests share, with the constraints of botocore's model and AWS's messages. */
final class KmsRequests {

    private KmsRequests() {}

    /** A required string member of 1 to {@code max} characters. */
    static String required(JsonNode body, String member, int max) {
        String value = Fields.text(body, member);
        if (value == null) {
            throw KmsErrors.validation("1 validation error detected: Value null at '" + lowerFirst(member)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return length(member, value, 1, max);
    }

    static String optional(JsonNode body, String member, int min, int max) {
        String value = Fields.text(body, member);
        return value == null ? null : length(member, value, min, max);
    }

    static String length(String member, String value, int min, int max) {
        if (value.length() < min || value.length() > max) {
            throw KmsErrors.validation("1 validation error detected: Value at '" + lowerFirst(member)
                    + "' failed to satisfy constraint: Member must have length "
                    + (value.length() < min ? "greater than or equal to " + min : "less than or equal to " + max));
        }
        return value;
    }

    static String keyId(JsonNode body) {
        return required(body, "KeyId", 2048);
    }

    /** A blob member of 1 to {@code max} bytes; {@code required} says whether it may be absent. */
    static byte[] blob(JsonNode body, String member, int max, boolean required) {
        byte[] value = Fields.blob(body, member);
        if (value == null) {
            if (required) {
                throw KmsErrors.validation("1 validation error detected: Value null at '" + lowerFirst(member)
                        + "' failed to satisfy constraint: Member must not be null");
            }
            return null;
        }
        if (value.length < 1 || value.length > max) {
            throw KmsErrors.validation("1 validation error detected: Value at '" + lowerFirst(member)
                    + "' failed to satisfy constraint: Member must have length "
                    + (value.length < 1 ? "greater than or equal to 1" : "less than or equal to " + max));
        }
        return value;
    }

    /** An EncryptionContext-like map of strings; empty when absent. */
    static Map<String, String> context(JsonNode body, String member) {
        JsonNode node = Fields.object(body, member);
        Map<String, String> context = new LinkedHashMap<>();
        if (node == null) {
            return context;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> pair = fields.next();
            if (!pair.getValue().isTextual()) {
                throw ApiException.serialization("Member " + member + " must map strings to strings");
            }
            context.put(pair.getKey(), pair.getValue().textValue());
        }
        return context;
    }

    /** The only algorithm of a symmetric key; AWS refuses the asymmetric ones for it. */
    static void symmetricAlgorithm(JsonNode body, String member) {
        String algorithm = Fields.text(body, member);
        if (algorithm != null && !algorithm.equals("SYMMETRIC_DEFAULT")) {
            if (algorithm.startsWith("RSAES_") || algorithm.equals("SM2PKE")) {
                throw new ApiException(
                        "InvalidKeyUsageException",
                        400,
                        "The encryption algorithm " + algorithm + " is not valid for a symmetric key.");
            }
            throw KmsErrors.validation("1 validation error detected: Value '" + algorithm + "' at '"
                    + lowerFirst(member) + "' failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, SM2PKE]");
        }
    }

    static int limit(JsonNode body, int max) {
        Integer limit = Fields.integer(body, "Limit");
        if (limit == null) {
            return 100;
        }
        return range("Limit", limit, 1, max);
    }

    /** An integer member's value when it is within {@code min} to {@code max}, ValidationException otherwise. */
    static int range(String member, int value, int min, int max) {
        if (value < min || value > max) {
            throw KmsErrors.validation("1 validation error detected: Value '" + value + "' at '" + lowerFirst(member)
                    + "' failed to satisfy constraint: Member must have value "
                    + (value < min ? "greater than or equal to " + min : "less than or equal to " + max));
        }
        return value;
    }

    /** Waits for a write, answering its refusal (an ApiException thrown by the change) as it was thrown. */
    static <T> T await(CompletableFuture<T> write) throws InterruptedException {
        try {
            return write.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause =
                    e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
            if (cause instanceof ApiException api) {
                throw api;
            }
            if (cause instanceof VersionConflictException) {
                throw KmsErrors.internal("The key changed concurrently too often; try again.");
            }
            throw ApiException.serviceUnavailable("The key store is unavailable: " + cause.getMessage());
        } catch (TimeoutException e) {
            throw new ApiException("DependencyTimeoutException", 503, "The key store did not answer in time.");
        }
    }

    private static String lowerFirst(String member) {
        return Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }
}
