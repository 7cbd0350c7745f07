package io.millrace.launcher.kms;

import io.millrace.gateway.protocol.ApiException;
import io.millrace.kinesis.model.sse.DataKey;
import io.millrace.kinesis.model.sse.KeyException;
import io.millrace.kinesis.model.sse.KeyService;
import io.millrace.kms.api.LocalCrypto;

/**
 * The key service of Kinesis stream encryption when the KMS API runs in the same process: its crypto called
 * directly, its errors turned into {@link KeyException} reasons. Remote readers reach the same keys over the API.
 */
public final class KmsStreamKeys implements KeyService {

    private final LocalCrypto kms;

    public KmsStreamKeys(LocalCrypto kms) {
        this.kms = kms;
    }

    @Override
    public String usableKeyArn(String keyId) throws KeyException {
        try {
            return kms.usableKeyArn(keyId);
        } catch (ApiException e) {
            throw refused(e);
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    @Override
    public DataKey generateDataKey(String keyId) throws KeyException {
        try {
            LocalCrypto.Generated generated = kms.generateDataKey(keyId);
            return new DataKey(generated.plaintext(), generated.blob(), generated.keyArn());
        } catch (ApiException e) {
            throw refused(e);
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    @Override
    public byte[] decrypt(byte[] wrappedDataKey) throws KeyException {
        try {
            return kms.decrypt(wrappedDataKey);
        } catch (ApiException e) {
            throw refused(e);
        }
    }

    private static KeyException refused(ApiException e) {
        return new KeyException(KeyException.Reason.ofKmsError(e.type()), e.getMessage());
    }

    private static KeyException interrupted() {
        Thread.currentThread().interrupt();
        return new KeyException(KeyException.Reason.UNAVAILABLE, "Interrupted while creating the AWS managed key.");
    }
}
