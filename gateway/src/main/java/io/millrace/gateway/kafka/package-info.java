/**
 * Kafka writes the services share: {@link io.millrace.gateway.kafka.BatchAcks} sends one request's records as one
 * batch and answers once for all of them.
 */
package io.millrace.gateway.kafka;
