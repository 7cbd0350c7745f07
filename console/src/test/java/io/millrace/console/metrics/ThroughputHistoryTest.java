package io.millrace.console.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThroughputHistoryTest {

    @Test
    void aConsumersRatesAreAlignedWithTheStreamsAndNullBeforeItWasCountedTwice() {
        List<Map<String, StreamTotals>> reads = new ArrayList<>(List.of(
                Map.of("s", totals(0, Map.of())),
                Map.of("s", totals(100, Map.of("a", new ConsumerTotals(1000, 10, 700)))),
                Map.of(
                        "s",
                        totals(300, Map.of("a", new ConsumerTotals(6000, 20, 0), "b", new ConsumerTotals(5, 1, 9)))),
                Map.of(
                        "s",
                        totals(300, Map.of("a", new ConsumerTotals(6000, 20, 0), "b", new ConsumerTotals(55, 2, 3))))));
        Instant[] now = {Instant.ofEpochSecond(1_000)};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        ThroughputHistory history = new ThroughputHistory(() -> reads.remove(0), clock, Duration.ofSeconds(5));
        for (int i = 0; i < 4; i++) {
            history.sample();
            now[0] = now[0].plusSeconds(5);
        }

        String json = history.json("s").toString();

        assertThat(json)
                .contains("\"t\":[1005,1010,1015]")
                .contains("\"incomingBytes\":[20.0,40.0,0.0]")
                .contains("\"a\":{\"fanOutBytes\":[null,1000.0,0.0],\"millisBehindLatest\":[null,0.0,0.0]}")
                .contains("\"b\":{\"fanOutBytes\":[null,null,10.0],\"millisBehindLatest\":[null,null,3.0]}");
    }

    private static StreamTotals totals(double incomingBytes, Map<String, ConsumerTotals> consumers) {
        return new StreamTotals(incomingBytes, 0, 0, 0, 0, 0, 0, consumers);
    }
}
