package io.millrace.kinesis.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
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
