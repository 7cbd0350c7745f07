package io.millrace.kms.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.kms.crypto.CiphertextBlob;
import io.millrace.kms.crypto.Envelope;
import io.millrace.kms.crypto.Gcm;
import io.millrace.kms.errors.KmsErrors;
import io.millrace.schemas.kms.KmsKeyRecord;
import java.util.Map;
import java.util.UUID;

/**
 * Encrypt, Decrypt, ReEncrypt and the data key actions: the material of a key is unwrapped only here and only
 * for the call; what leaves is a {@link CiphertextBlob}, and plaintext only for data keys and decrypted data.
 */
final class CryptoActions {

    /** Encrypt's Plaintext and Decrypt's answer: "up to 4,096 bytes". */
    static final int MAX_PLAINTEXT = 4096;
    /** CiphertextBlob's limit in the model. */
    static final int MAX_CIPHERTEXT = 6144;

    private final Keys keys;
    private final KeyMaterials materials;

    CryptoActions(Keys keys, KeyMaterials materials) {
        this.keys = keys;
        this.materials = materials;
    }

    JsonNode encrypt(AwsRequest request) {
        JsonNode body = request.body();
        String keyId = KmsRequests.keyId(body);
        byte[] plaintext = KmsRequests.blob(body, "Plaintext", MAX_PLAINTEXT, true);
        Map<String, String> context = KmsRequests.context(body, "EncryptionContext");
        KmsRequests.symmetricAlgorithm(body, "EncryptionAlgorithm");
        KmsKeyRecord key = KeyStates.usable(keys.resolve(keyId));
        ObjectNode answer = KmsShapes.NODES.objectNode();
        answer.put("CiphertextBlob", seal(key, plaintext, context));
        answer.put("KeyId", key.getArn());
        answer.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        return answer;
    }

    JsonNode decrypt(AwsRequest request) {
        JsonNode body = request.body();
        byte[] blob = KmsRequests.blob(body, "CiphertextBlob", MAX_CIPHERTEXT, true);
        Map<String, String> context = KmsRequests.context(body, "EncryptionContext");
        KmsRequests.symmetricAlgorithm(body, "EncryptionAlgorithm");
        Opened opened = open(blob, context, KmsRequests.optional(body, "KeyId", 1, 2048));
        ObjectNode answer = KmsShapes.NODES.objectNode();
        answer.put("KeyId", opened.key().getArn());
        answer.put("Plaintext", opened.plaintext());
        answer.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        return answer;
    }

    JsonNode reEncrypt(AwsRequest request) {
        JsonNode body = request.body();
        byte[] blob = KmsRequests.blob(body, "CiphertextBlob", MAX_CIPHERTEXT, true);
        Map<String, String> sourceContext = KmsRequests.context(body, "SourceEncryptionContext");
        Map<String, String> destinationContext = KmsRequests.context(body, "DestinationEncryptionContext");
        String destinationId = KmsRequests.required(body, "DestinationKeyId", 2048);
        KmsRequests.symmetricAlgorithm(body, "SourceEncryptionAlgorithm");
        KmsRequests.symmetricAlgorithm(body, "DestinationEncryptionAlgorithm");
        KmsKeyRecord destination = KeyStates.usable(keys.resolve(destinationId));
        Opened opened = open(blob, sourceContext, KmsRequests.optional(body, "SourceKeyId", 1, 2048));
        ObjectNode answer = KmsShapes.NODES.objectNode();
        answer.put("CiphertextBlob", seal(destination, opened.plaintext(), destinationContext));
        answer.put("SourceKeyId", opened.key().getArn());
        answer.put("KeyId", destination.getArn());
        answer.put("SourceEncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        answer.put("DestinationEncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        return answer;
    }

    JsonNode generateDataKey(AwsRequest request) {
        return dataKey(request, true);
    }

    JsonNode generateDataKeyWithoutPlaintext(AwsRequest request) {
        return dataKey(request, false);
    }

    /** KeySpec AES_256 or AES_128, or NumberOfBytes 1 to 1024: one of the two. */
    private JsonNode dataKey(AwsRequest request, boolean withPlaintext) {
        JsonNode body = request.body();
        String keyId = KmsRequests.keyId(body);
        Map<String, String> context = KmsRequests.context(body, "EncryptionContext");
        int length = dataKeyLength(Fields.text(body, "KeySpec"), Fields.integer(body, "NumberOfBytes"));
        LocalCrypto.Generated generated = generate(keyId, length, context);
        ObjectNode answer = KmsShapes.NODES.objectNode();
        answer.put("CiphertextBlob", generated.blob());
        if (withPlaintext) {
            answer.put("Plaintext", generated.plaintext());
        }
        answer.put("KeyId", generated.keyArn());
        return answer;
    }

    /** A data key of {@code length} bytes under {@code keyId}, in plaintext and sealed. */
    LocalCrypto.Generated generate(String keyId, int length, Map<String, String> context) {
        KmsKeyRecord key = KeyStates.usable(keys.resolve(keyId));
        byte[] dataKey = Gcm.randomBytes(length);
        return new LocalCrypto.Generated(dataKey, seal(key, dataKey, context), key.getArn());
    }

    private static int dataKeyLength(String keySpec, Integer numberOfBytes) {
        if ((keySpec == null) == (numberOfBytes == null)) {
            throw KmsErrors.validation("Please specify either number of bytes or key spec.");
        }
        if (numberOfBytes != null) {
            return KmsRequests.range("NumberOfBytes", numberOfBytes, 1, 1024);
        }
        return switch (keySpec) {
            case "AES_256" -> 32;
            case "AES_128" -> 16;
            default ->
                throw KmsErrors.validation("1 validation error detected: Value '" + keySpec
                        + "' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set:"
                        + " [AES_256, AES_128]");
        };
    }

    private byte[] seal(KmsKeyRecord key, byte[] plaintext, Map<String, String> context) {
        KeyMaterials.Unwrapped current = materials.current(key);
        return Envelope.encrypt(
                UUID.fromString(key.getKeyId()), current.materialVersion(), current.material(), plaintext, context);
    }

    /**
     * The plaintext of {@code bytes} and its key: the blob names the key, and a {@code keyId} given must be that
     * key (IncorrectKeyException otherwise, as AWS answers). A blob not of this service, tampered with, of a key
     * that no longer exists or given another context is InvalidCiphertextException.
     */
    Opened open(byte[] bytes, Map<String, String> context, String keyId) {
        CiphertextBlob blob = CiphertextBlob.parse(bytes).orElseThrow(KmsErrors::invalidCiphertext);
        KmsKeyRecord key = keys.store().key(blob.keyId().toString()).orElseThrow(KmsErrors::invalidCiphertext);
        if (keyId != null && !keys.resolve(keyId).getKeyId().equals(key.getKeyId())) {
            throw KmsErrors.incorrectKey();
        }
        KeyStates.usable(key);
        byte[] material = materials.version(key, blob.materialVersion()).orElseThrow(KmsErrors::invalidCiphertext);
        byte[] plaintext = Envelope.decrypt(blob, material, context).orElseThrow(KmsErrors::invalidCiphertext);
        return new Opened(key, plaintext);
    }

    record Opened(KmsKeyRecord key, byte[] plaintext) {}
}
