/**
 * Reading encrypted Kinesis streams outside the gateway: {@link io.millrace.kinesis.crypto.KmsApiKeys} reaches the
 * platform's KMS API with the AWS SDK, {@link io.millrace.kinesis.crypto.DecryptingDeserializer} decrypts records
 * for Kafka-native consumers. The envelope format is {@link io.millrace.kinesis.model.sse.RecordEnvelope}.
 */
package io.millrace.kinesis.crypto;
