package io.millrace.analytics.table;

import io.millrace.analytics.access.WriteGuard;
import io.millrace.analytics.access.WriteGuardOperator;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
import org.apache.flink.table.connector.sink.DynamicTableSink.SinkRuntimeProvider;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.data.RowData;

/**
 * A table sink's Kafka sink behind a {@link WriteGuardOperator} chained in front of its writer (same parallelism), so
 * the job's role is asked on a timer even when no row arrives: the {@code millrace} and {@code millrace-firehose}
 * sinks in signed mode.
 */
public record GuardedSinkProvider(KafkaSink<RowData> sink, WriteGuard guard, Integer parallelism)
        implements DataStreamSinkProvider {

    /** The plain Kafka sink without a guard (open mode, no role), else the guarded one. */
    public static SinkRuntimeProvider of(KafkaSink<RowData> sink, WriteGuard guard, Integer parallelism) {
        return guard == null ? SinkV2Provider.of(sink, parallelism) : new GuardedSinkProvider(sink, guard, parallelism);
    }

    @Override
    public DataStreamSink<?> consumeDataStream(ProviderContext context, DataStream<RowData> rows) {
        SingleOutputStreamOperator<RowData> guarded =
                rows.transform("WriteGuard: " + guard.stream(), rows.getType(), new WriteGuardOperator<>(guard));
        context.generateUid("write-guard").ifPresent(guarded::uid);
        DataStreamSink<RowData> written = guarded.sinkTo(sink).name("Sink: " + guard.stream());
        context.generateUid("sink").ifPresent(written::uid);
        // As the planner places a SinkV2Provider's writer: sink.parallelism, else the input's, so rows reach the
        // guard and the writer forward (chained) and each key's rows keep their order, as without a guard.
        int chosen = parallelism != null ? parallelism : rows.getParallelism();
        if (chosen > 0) {
            guarded.setParallelism(chosen);
            written.setParallelism(chosen);
        }
        return written;
    }
}
