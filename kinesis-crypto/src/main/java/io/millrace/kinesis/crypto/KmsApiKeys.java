package io.millrace.kinesis.crypto;

import io.millrace.kinesis.model.sse.DataKey;
import io.millrace.kinesis.model.sse.KeyException;
import io.millrace.kinesis.model.sse.KeyService;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;

/** The key service of encrypted streams reached over the KMS API with the AWS SDK: any process with kms:Decrypt. */
public final class KmsApiKeys implements KeyService, AutoCloseable {

    private final KmsClient kms;

    public KmsApiKeys(KmsClient kms) {
        this.kms = kms;
    }

    /** A client for the endpoint, region and credentials of {@code config}. */
    public static KmsApiKeys of(KinesisCryptoConfig config) {
        return of(config, DefaultCredentialsProvider.builder().build());
    }

    /**
     * A client for the endpoint and region of {@code config}, signing with its credentials when it names an access
     * key id and with {@code otherwise} when not (a Flink job's role credentials, say).
     */
    public static KmsApiKeys of(KinesisCryptoConfig config, AwsCredentialsProvider otherwise) {
        AwsCredentialsProvider credentials =
                config.getString(KinesisCryptoConfig.KMS_ACCESS_KEY_ID).isEmpty()
                        ? otherwise
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(
                                config.getString(KinesisCryptoConfig.KMS_ACCESS_KEY_ID), config.secretAccessKey()));
        return new KmsApiKeys(KmsClient.builder()
                .endpointOverride(URI.create(config.getString(KinesisCryptoConfig.KMS_ENDPOINT)))
                .region(Region.of(config.getString(KinesisCryptoConfig.KMS_REGION)))
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)))
                .build());
    }

    /** DescribeKey: the state of the key decides, as for KMS's own cryptographic operations. */
    @Override
    public String usableKeyArn(String keyId) throws KeyException {
        KeyMetadata key;
        try {
            key = kms.describeKey(b -> b.keyId(keyId)).keyMetadata();
        } catch (KmsException | SdkClientException e) {
            throw refused(e);
        }
        if (key.keyState() == KeyState.ENABLED) {
            return key.arn();
        }
        if (key.keyState() == KeyState.DISABLED) {
            throw new KeyException(KeyException.Reason.DISABLED, key.arn() + " is disabled.");
        }
        throw new KeyException(KeyException.Reason.INVALID_STATE, key.arn() + " is " + key.keyStateAsString() + ".");
    }

    @Override
    public DataKey generateDataKey(String keyId) throws KeyException {
        try {
            GenerateDataKeyResponse answer =
                    kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256));
            return new DataKey(
                    answer.plaintext().asByteArray(), answer.ciphertextBlob().asByteArray(), answer.keyId());
        } catch (KmsException | SdkClientException e) {
            throw refused(e);
        }
    }

    @Override
    public byte[] decrypt(byte[] wrappedDataKey) throws KeyException {
        try {
            return kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(wrappedDataKey)))
                    .plaintext()
                    .asByteArray();
        } catch (KmsException | SdkClientException e) {
            throw refused(e);
        }
    }

    private static KeyException refused(RuntimeException e) {
        if (e instanceof KmsException kmsError && kmsError.awsErrorDetails() != null) {
            return new KeyException(
                    KeyException.Reason.ofKmsError(kmsError.awsErrorDetails().errorCode()),
                    kmsError.awsErrorDetails().errorMessage());
        }
        return new KeyException(KeyException.Reason.UNAVAILABLE, "KMS is unreachable: " + e.getMessage());
    }

    @Override
    public void close() {
        kms.close();
    }
}
