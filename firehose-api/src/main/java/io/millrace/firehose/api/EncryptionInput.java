package io.millrace.firehose.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.firehose.errors.FirehoseErrors;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import java.util.List;
import java.util.regex.Pattern;

/**
 * DeliveryStreamEncryptionConfigurationInput of CreateDeliveryStream and StartDeliveryStreamEncryption, checked as
 * AWS checks it (botocore model firehose/2015-08-04: KeyType required, AWS_OWNED_CMK or CUSTOMER_MANAGED_CMK; KeyARN
 * 1 to 512 characters matching AWSKMSKeyARN).
 */
record EncryptionInput(String keyType, String keyArn) {

    static final String AWS_OWNED = "AWS_OWNED_CMK";
    static final String CUSTOMER_MANAGED = "CUSTOMER_MANAGED_CMK";
    static final EncryptionInput DEFAULT = new EncryptionInput(AWS_OWNED, null);
    private static final Pattern KEY_ARN =
            Pattern.compile("arn:.*:kms:[a-zA-Z0-9\\-]+:\\d{12}:(key|alias)/[a-zA-Z_0-9+=,.@\\-_/]+");

    /** Adds syntax errors to {@code validation}; null when the input is absent (AWS_OWNED_CMK is the default). */
    static EncryptionInput parse(JsonNode body, Validation validation) {
        JsonNode input = Fields.object(body, "DeliveryStreamEncryptionConfigurationInput");
        if (input == null) {
            return null;
        }
        String path = "deliveryStreamEncryptionConfigurationInput";
        String keyType = Fields.text(input, "KeyType");
        String keyArn = Fields.text(input, "KeyARN");
        validation
                .required(path + ".keyType", keyType)
                .oneOf(path + ".keyType", keyType, List.of(AWS_OWNED, CUSTOMER_MANAGED))
                .length(path + ".keyARN", keyArn, 1, 512)
                .pattern(path + ".keyARN", keyArn, KEY_ARN);
        return new EncryptionInput(keyType, keyArn);
    }

    /**
     * The rules between the fields, then the key itself: AWS answers a key Firehose cannot use (missing, disabled,
     * not symmetric) with InvalidKMSResourceException (botocore model firehose/2015-08-04,
     * StartDeliveryStreamEncryption).
     */
    void checkUsable(CustomerKeys keys) {
        if (AWS_OWNED.equals(keyType) && keyArn != null) {
            throw FirehoseErrors.invalidArgument("KeyARN must not be specified when KeyType is AWS_OWNED_CMK.");
        }
        if (CUSTOMER_MANAGED.equals(keyType)) {
            if (keyArn == null) {
                throw FirehoseErrors.invalidArgument("KeyARN is required when KeyType is CUSTOMER_MANAGED_CMK.");
            }
            keys.whyUnusable(keyArn).ifPresent(why -> {
                throw FirehoseErrors.invalidKmsResource("Firehose cannot use the KMS key " + keyArn + ": " + why);
            });
        }
    }
}
