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
    void aValueThisVersionCannotReadIsRefused() {
        byte[] value = new UsageReport("g", "s", List.of(new ShardUsage(1, 1, 1, 1, 1))).value();
        byte[] newer = value.clone();
        newer[0] = 2;
        assertThatThrownBy(() -> UsageReport.parse("s", newer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> UsageReport.parse("s", Arrays.copyOf(value, value.length - 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void negativeUsageIsRefused() {
        byte[] value = new UsageReport("g", "s", List.of(new ShardUsage(1, 1, 1, 1, 1))).value();
        value[value.length - 1] = -1;
        value[value.length - 8] = -1; // read bytes now negative
        assertThatThrownBy(() -> UsageReport.parse("s", value)).isInstanceOf(IllegalArgumentException.class);
    }
}
