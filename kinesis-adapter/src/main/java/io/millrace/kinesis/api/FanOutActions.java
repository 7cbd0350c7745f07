package io.millrace.kinesis.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.AwsRequest;

/**
 * Enhanced fan-out as the API registers it: the consumer registry actions and SubscribeToShard. The fanout package
 * serves them and builds on this one (the backend, the record shapes), so the API knows them only by this interface.
 */
public interface FanOutActions {

    /** Resolves a GetShardIterator request with the API's own action, so a subscription starts where it would. */
    @FunctionalInterface
    interface IteratorResolver {
        JsonNode getShardIterator(AwsRequest request) throws InterruptedException;
    }

    JsonNode registerStreamConsumer(AwsRequest request) throws InterruptedException;

    JsonNode describeStreamConsumer(AwsRequest request);

    JsonNode listStreamConsumers(AwsRequest request);

    JsonNode deregisterStreamConsumer(AwsRequest request) throws InterruptedException;

    /** Answers an {@link io.millrace.gateway.http.EventStreamReply} the HTTP layer streams. */
    JsonNode subscribeToShard(AwsRequest request) throws InterruptedException;
}
