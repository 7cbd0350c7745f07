/**
 * The KMS API subset on the gateway: {@link io.millrace.kms.KmsService} hosts it, {@link io.millrace.kms.KmsConfig}
 * configures it; the actions are in {@code api}, the ciphertext format and key wrapping in {@code crypto}, the
 * compacted topic in {@code store}, the error catalog in {@code errors}.
 */
package io.millrace.kms;
