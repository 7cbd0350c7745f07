package io.millrace.kinesis.usage;

import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.kinesis.FanOutUsageFigures;
import io.millrace.schemas.kinesis.ShardUsageFigures;
import io.millrace.schemas.kinesis.ShardUsageReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.AvroRuntimeException;

/**
 * One gateway's usage of one stream's shards during one interval, as a record of the usage topic: the key is the
 * stream's name, the value an Avro {@link ShardUsageReport} (single-object encoded, so a gateway of another release
 * reads it through {@link MetadataDecoders} or refuses it).
 */
public record UsageReport(String gateway, String stream, List<ShardUsage> shards, List<FanOutUsage> fanOut) {

    public UsageReport {
        shards = List.copyOf(shards);
        fanOut = List.copyOf(fanOut);
    }

    /** A report with no enhanced fan-out traffic. */
    public UsageReport(String gateway, String stream, List<ShardUsage> shards) {
        this(gateway, stream, shards, List.of());
    }

    public byte[] value() {
        List<ShardUsageFigures> figures = new ArrayList<>(shards.size());
        for (ShardUsage usage : shards) {
            figures.add(new ShardUsageFigures(
                    usage.shard(),
                    usage.writeRecords(),
                    usage.writeBytes(),
                    usage.getRecordsCalls(),
                    usage.readBytes()));
        }
        List<FanOutUsageFigures> sent = new ArrayList<>(fanOut.size());
        for (FanOutUsage usage : fanOut) {
            sent.add(new FanOutUsageFigures(usage.consumer(), usage.shard(), usage.bytes()));
        }
        try {
            ByteBuffer buffer = new ShardUsageReport(gateway, figures, sent).toByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a report back.
     *
     * @throws IllegalArgumentException for a value this release cannot read (a newer gateway's, or garbage)
     */
    public static UsageReport parse(String stream, byte[] value) {
        ShardUsageReport report;
        try {
            report = MetadataDecoders.shardUsage(ByteBuffer.wrap(value));
        } catch (IOException | AvroRuntimeException e) {
            throw new IllegalArgumentException("unreadable usage report: " + e.getMessage(), e);
        }
        List<ShardUsage> shards = new ArrayList<>(report.getShards().size());
        for (ShardUsageFigures figures : report.getShards()) {
            shards.add(new ShardUsage(
                    figures.getShard(),
                    figures.getWriteRecords(),
                    figures.getWriteBytes(),
                    figures.getGetRecordsCalls(),
                    figures.getReadBytes()));
        }
        List<FanOutUsage> fanOut = new ArrayList<>(report.getFanOut().size());
        for (FanOutUsageFigures figures : report.getFanOut()) {
            fanOut.add(new FanOutUsage(figures.getConsumer(), figures.getShard(), figures.getBytes()));
        }
        return new UsageReport(report.getGateway(), stream, shards, fanOut);
    }
}
