package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.it.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What a delivery stream delivered, as lines of the objects of its bucket. */
final class BucketLines {

    private BucketLines() {}

    /** Every line of every object in the bucket, each expected line exactly once (order only holds per shard). */
    static void awaitExactlyOnce(String bucket, List<String> expected) {
        TestStack stack = TestStack.get();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<String> lines = new ArrayList<>();
                    for (String key : stack.keys(bucket, "20")) {
                        lines.addAll(
                                Arrays.asList(new String(stack.get(bucket, key), StandardCharsets.UTF_8).split("\n")));
                    }
                    assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
                });
    }
}
