package io.millrace.kinesis.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardUsageTallyTest {

    @Test
    void aDrainReturnsWhatWasUsedSinceThePreviousOne() {
        ShardUsageTally tally = new ShardUsageTally(true);
        tally.recordWrite("a", 0, 100);
        tally.recordWrite("a", 0, 50);
        tally.recordWrite("a", 3, 7);
        tally.recordGetRecordsCall("b", 1);
        tally.recordRead("b", 1, 4096);

        assertThat(tally.drain())
                .isEqualTo(Map.of(
                        "a", List.of(new ShardUsage(0, 2, 150, 0, 0), new ShardUsage(3, 1, 7, 0, 0)),
                        "b", List.of(new ShardUsage(1, 0, 0, 1, 4096))));
        assertThat(tally.drain()).isEmpty();

        tally.recordWrite("a", 3, 1);
        tally.forget("b");
        assertThat(tally.drain()).isEqualTo(Map.of("a", List.of(new ShardUsage(3, 1, 1, 0, 0))));
    }

    @Test
    void enhancedFanOutBytesAreDrainedPerConsumerAndShard() {
        ShardUsageTally tally = new ShardUsageTally(true);
        tally.recordFanOut("a", "consumer-1", 0, 100);
        tally.recordFanOut("a", "consumer-1", 0, 20);
        tally.recordFanOut("a", "consumer-2", 0, 5);
        tally.recordFanOut("b", "consumer-3", 4, 7);
        tally.recordWrite("a", 1, 9);

        Map<String, List<FanOutUsage>> drained = tally.drainFanOut();
        assertThat(drained.get("a"))
                .containsExactlyInAnyOrder(new FanOutUsage("consumer-1", 0, 120), new FanOutUsage("consumer-2", 0, 5));
        assertThat(drained.get("b")).containsExactly(new FanOutUsage("consumer-3", 4, 7));
        assertThat(tally.drainFanOut()).isEmpty();
        // The shards' usage is drained on its own.
        assertThat(tally.drain()).isEqualTo(Map.of("a", List.of(new ShardUsage(1, 1, 9, 0, 0))));

        ShardUsageTally unshared = new ShardUsageTally(false);
        unshared.recordFanOut("a", "consumer-1", 0, 100);
        assertThat(unshared.drainFanOut()).isEmpty();
    }

    @Test
    void withoutSharedQuotasOnlyOnDemandWritesCount() {
        ShardUsageTally tally = new ShardUsageTally(false);
        assertThat(tally.counts(true)).isTrue();
        assertThat(tally.counts(false)).isFalse();
        tally.recordGetRecordsCall("a", 0);
        tally.recordRead("a", 0, 10);
        assertThat(tally.drain()).isEmpty();
        assertThat(new ShardUsageTally(true).counts(false)).isTrue();
    }

    @Test
    void countsFromManyThreadsAreNotLost() throws Exception {
        ShardUsageTally tally = new ShardUsageTally(true);
        long[] drained = new long[1];
        Thread[] writers = new Thread[4];
        for (int t = 0; t < writers.length; t++) {
            int shard = t;
            writers[t] = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    tally.recordWrite("s", shard % 2 == 0 ? i % 8 : 7 - i % 8, 1);
                }
            });
            writers[t].start();
        }
        for (int i = 0; i < 100; i++) {
            tally.drain().values().forEach(list -> list.forEach(u -> drained[0] += u.writeRecords()));
        }
        for (Thread writer : writers) {
            writer.join();
        }
        tally.drain().values().forEach(list -> list.forEach(u -> drained[0] += u.writeRecords()));
        assertThat(drained[0]).isEqualTo(200_000);
    }
}
