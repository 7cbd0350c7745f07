package io.millrace.kinesis.model.sse;

/**
 * A data key as KMS GenerateDataKey returns it: the 32 bytes that encrypt records, the same bytes wrapped by the KMS
 * key (the only form that is ever stored), and the ARN of that key.
 */
public record DataKey(byte[] plaintext, byte[] wrapped, String keyArn) {

    @Override
    public String toString() {
        return "DataKey[" + keyArn + "]";
    }
}
