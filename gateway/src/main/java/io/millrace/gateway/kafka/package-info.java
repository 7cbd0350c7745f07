/**
 * Kafka calls the services share: {@link io.millrace.gateway.kafka.BatchAcks} sends one request's records as one
 * batch and answers once for all of them; {@link io.millrace.gateway.kafka.OffsetLookups} asks partitions' offsets
 * of their current leaders, each lookup bounded; {@link io.millrace.gateway.kafka.WriterSettings} are the producer
 * settings of the APIs' record writers.
 */
package io.millrace.gateway.kafka;
