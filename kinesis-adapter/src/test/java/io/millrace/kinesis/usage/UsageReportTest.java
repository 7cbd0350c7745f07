package io.millrace.kinesis.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.schemas.kinesis.ShardUsageReport;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class UsageReportTest {

    @Test
    void aReportReadsBackAsWritten() {
        UsageReport report = new UsageReport(
                "gateway-1",
                "orders",
                List.of(new ShardUsage(0, 12, 12_345, 0, 0), new ShardUsage(7, 0, 0, 5, 10L << 20)));
        assertThat(UsageReport.parse("orders", report.value())).isEqualTo(report);
    }

    @Test
    void enhancedFanOutTrafficReadsBackAsWritten() {
        String consumer = "arn:aws:kinesis:us-east-1:000000000000:stream/orders/consumer/app:1765094400";
        UsageReport report = new UsageReport(
                "gateway-1",
                "orders",
                List.of(),
                List.of(new FanOutUsage(consumer, 0, 3L << 20), new FanOutUsage(consumer, 2, 17)));
        assertThat(UsageReport.parse("orders", report.value())).isEqualTo(report);
    }

    /** A gateway of the release before enhanced fan-out was shared writes the first schema: read, with none. */
    @Test
    void aReportOfTheFirstSchemaReadsWithNoFanOut() throws Exception {
        Schema first;
        try (InputStream in = ShardUsageReport.class.getResourceAsStream("history/ShardUsageReport-1.avsc")) {
            first = new Schema.Parser().parse(in);
        }
        GenericRecord figures =
                new GenericData.Record(first.getField("shards").schema().getElementType());
        figures.put("shard", 3);
        figures.put("writeRecords", 2L);
        figures.put("writeBytes", 200L);
        figures.put("getRecordsCalls", 1L);
        figures.put("readBytes", 50L);
        GenericRecord old = new GenericData.Record(first);
        old.put("gateway", "old-gateway");
        old.put("shards", List.of(figures));
        ByteBuffer value = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), first).encode(old);
        byte[] bytes = new byte[value.remaining()];
        value.get(bytes);

        assertThat(UsageReport.parse("orders", bytes))
                .isEqualTo(new UsageReport("old-gateway", "orders", List.of(new ShardUsage(3, 2, 200, 1, 50))));
    }

    @Test
    void aValueThisReleaseCannotReadIsRefused() {
        byte[] value = new UsageReport("g", "s", List.of(new ShardUsage(1, 1, 1, 1, 1))).value();
        byte[] otherSchema = value.clone();
        otherSchema[2] ^= 0x55; // the writer schema's fingerprint, after the two marker bytes
        assertThatThrownBy(() -> UsageReport.parse("s", otherSchema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unreadable");
        assertThatThrownBy(() -> UsageReport.parse("s", Arrays.copyOf(value, value.length - 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unreadable");
    }

    @Test
    void negativeUsageIsRefused() {
        byte[] value = new UsageReport("g", "s", List.of(new ShardUsage(1, 1, 1, 1, 1))).value();
        value[value.length - 1] = 1; // Avro's zig-zag long: 1 is -1
        assertThatThrownBy(() -> UsageReport.parse("s", value)).isInstanceOf(IllegalArgumentException.class);
    }
}
