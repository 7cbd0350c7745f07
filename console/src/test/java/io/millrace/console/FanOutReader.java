package io.millrace.console;

import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * An enhanced fan-out consumer reading the first shard from TRIM_HORIZON with SubscribeToShard, through the SDK's
 * default async client (Netty, HTTP/2), as fan-out readers use it; counts the records pushed until closed.
 */
final class FanOutReader implements AutoCloseable {

    private final KinesisAsyncClient async;
    private final AtomicLong received = new AtomicLong();

    FanOutReader(URI endpoint, String consumerArn) {
        async = KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        async.subscribeToShard(
                b -> b.consumerARN(consumerArn)
                        .shardId("shardId-000000000000")
                        .startingPosition(p -> p.type(ShardIteratorType.TRIM_HORIZON)),
                SubscribeToShardResponseHandler.builder()
                        .subscriber(SubscribeToShardResponseHandler.Visitor.builder()
                                .onSubscribeToShardEvent(
                                        e -> received.addAndGet(e.records().size()))
                                .build())
                        .build());
    }

    /** The records pushed so far. */
    long received() {
        return received.get();
    }

    @Override
    public void close() {
        async.close();
    }
}
