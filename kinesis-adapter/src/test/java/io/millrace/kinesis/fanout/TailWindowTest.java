package io.millrace.kinesis.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.gateway.protocol.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The shard tail's window: what it covers, what leaves it at its bound, and who it wakes. */
class TailWindowTest {

    /** A record of {@code valueBytes} (key "k"): it costs valueBytes + 1 + the overhead. */
    private static ConsumerRecord<byte[], byte[]> record(long offset, int valueBytes) {
        return new ConsumerRecord<>(
                "t",
                0,
                offset,
                1_000L,
                TimestampType.CREATE_TIME,
                1,
                valueBytes,
                new byte[] {'k'},
                new byte[valueBytes],
                new RecordHeaders(),
                Optional.empty());
    }

    private static List<ConsumerRecord<byte[], byte[]>> records(long from, long to, int valueBytes) {
        List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>();
        for (long offset = from; offset < to; offset++) {
            list.add(record(offset, valueBytes));
        }
        return list;
    }

    private static List<Long> offsets(TailWindow.Slice slice) {
        return slice.records().stream().map(ConsumerRecord::offset).toList();
    }

    private static long cost(int valueBytes) {
        return valueBytes + 1 + TailWindow.RECORD_OVERHEAD;
    }

    @Test
    void readsFromAnyCoveredPositionAndContinuesAtTheEnd() throws InterruptedException {
        TailWindow window = new TailWindow(1 << 20, 10);
        window.append(records(10, 15, 10), 15, OptionalLong.of(0));
        TailWindow.Slice slice = window.read(12, 100, 0);
        assertThat(offsets(slice)).containsExactly(12L, 13L, 14L);
        assertThat(slice.next()).isEqualTo(15);
        assertThat(slice.lag()).hasValue(0);
        // At most maxRecords: the rest stays, and the reader is behind by it.
        TailWindow.Slice first = window.read(10, 2, 0);
        assertThat(offsets(first)).containsExactly(10L, 11L);
        assertThat(first.next()).isEqualTo(12);
        assertThat(first.lag()).hasValue(3);
        // Before the start: not covered; at or after: covered.
        assertThat(window.covers(9)).isFalse();
        assertThat(window.read(9, 100, 0)).isNull();
        assertThat(window.covers(10)).isTrue();
        assertThat(window.covers(20)).isTrue();
    }

    @Test
    void offsetsWithoutRecordsAreCoveredAndSkipped() throws InterruptedException {
        TailWindow window = new TailWindow(1 << 20, 0);
        // Offset 2 is a transaction marker: the reader's position passes it with no record.
        window.append(List.of(record(0, 5), record(1, 5), record(3, 5)), 5, OptionalLong.of(0));
        TailWindow.Slice slice = window.read(2, 100, 0);
        assertThat(offsets(slice)).containsExactly(3L);
        assertThat(slice.next()).isEqualTo(5);
        TailWindow.Slice empty = window.read(4, 100, 0);
        assertThat(empty.records()).isEmpty();
        assertThat(empty.next()).isEqualTo(5);
    }

    @Test
    void theOldestRecordsLeaveAtTheBoundAndTheStartMovesPastThem() throws InterruptedException {
        int valueBytes = 1_000;
        TailWindow window = new TailWindow(4 * cost(valueBytes), 0);
        window.append(records(0, 3, valueBytes), 3, OptionalLong.of(0));
        assertThat(window.start()).isZero();
        assertThat(window.bytes()).isEqualTo(3 * cost(valueBytes));
        window.append(records(3, 7, valueBytes), 7, OptionalLong.of(0));
        // Seven records, room for four: 0-2 left.
        assertThat(window.start()).isEqualTo(3);
        assertThat(window.end()).isEqualTo(7);
        assertThat(window.bytes()).isEqualTo(4 * cost(valueBytes));
        assertThat(window.covers(2)).isFalse();
        assertThat(window.read(2, 100, 0)).isNull();
        assertThat(offsets(window.read(3, 100, 0))).containsExactly(3L, 4L, 5L, 6L);
    }

    @Test
    void aRecordLargerThanTheBoundStaysAlone() throws InterruptedException {
        TailWindow window = new TailWindow(1_000, 0);
        window.append(records(0, 2, 10), 2, OptionalLong.of(0));
        window.append(List.of(record(2, 5_000)), 3, OptionalLong.of(0));
        assertThat(window.start()).isEqualTo(2);
        assertThat(offsets(window.read(2, 100, 0))).containsExactly(2L);
        window.append(List.of(record(3, 10)), 4, OptionalLong.of(0));
        assertThat(window.start()).isEqualTo(3);
    }

    @Test
    void manyEvictionsKeepOffsetsFindable() throws InterruptedException {
        TailWindow window = new TailWindow(10 * cost(1), 0);
        for (long offset = 0; offset < 5_000; offset++) {
            window.append(List.of(record(offset, 1)), offset + 1, OptionalLong.of(0));
        }
        assertThat(window.start()).isEqualTo(4_990);
        TailWindow.Slice slice = window.read(4_995, 100, 0);
        assertThat(offsets(slice)).containsExactly(4_995L, 4_996L, 4_997L, 4_998L, 4_999L);
    }

    @Test
    void aReaderPositionBeforeTheEndResetsTheWindow() throws InterruptedException {
        TailWindow window = new TailWindow(1 << 20, 10);
        window.append(records(10, 20, 1), 20, OptionalLong.of(0));
        window.append(records(5, 7, 1), 7, OptionalLong.of(0));
        assertThat(window.start()).isEqualTo(5);
        assertThat(window.end()).isEqualTo(7);
        assertThat(offsets(window.read(5, 100, 0))).containsExactly(5L, 6L);
    }

    @Test
    void appendingWakesAReaderWaitingAtTheEnd() throws Exception {
        TailWindow window = new TailWindow(1 << 20, 0);
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<TailWindow.Slice> read = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try {
                // Far longer than the test waits: only the append can end the wait in time.
                return window.read(0, 100, TimeUnit.MINUTES.toMillis(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        waiting.await();
        window.append(records(0, 2, 1), 2, OptionalLong.of(0));
        assertThat(offsets(read.get(30, TimeUnit.SECONDS))).containsExactly(0L, 1L);
    }

    @Test
    void wakeAllEndsTheWaitWithAnEmptySliceAndCloseWithNone() throws Exception {
        TailWindow window = new TailWindow(1 << 20, 4);
        CompletableFuture<TailWindow.Slice> woken = waitingRead(window);
        // A wake-up reaches the readers waiting when it is given: repeated until the reader was among them.
        while (!woken.isDone()) {
            window.wakeAll();
            Thread.sleep(10);
        }
        TailWindow.Slice slice = woken.get(30, TimeUnit.SECONDS);
        assertThat(slice.records()).isEmpty();
        assertThat(slice.next()).isEqualTo(4);

        CompletableFuture<TailWindow.Slice> closed = waitingRead(window);
        window.close();
        assertThat(closed.get(30, TimeUnit.SECONDS)).isNull();
        assertThat(window.covers(4)).isFalse();
    }

    @Test
    void aFailureReachesEveryReader() throws Exception {
        TailWindow window = new TailWindow(1 << 20, 0);
        CompletableFuture<TailWindow.Slice> waiting = waitingRead(window);
        window.fail(ApiException.internalFailure("key disabled"));
        assertThat(waiting).failsWithin(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> window.read(0, 100, 0)).isInstanceOf(ApiException.class);
    }

    private static CompletableFuture<TailWindow.Slice> waitingRead(TailWindow window) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<TailWindow.Slice> read = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            try {
                return window.read(window.end(), 100, TimeUnit.MINUTES.toMillis(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        started.await();
        return read;
    }
}
