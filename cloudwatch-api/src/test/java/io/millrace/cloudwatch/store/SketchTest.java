package io.millrace.cloudwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The percentile sketch: within 1% of the exact rank's value, mergeable, and carried by the store's serde. */
class SketchTest {

    @Test
    void percentilesAreWithinOnePercentOfTheExactValue() {
        Stats stats = Stats.EMPTY;
        double[] values = new double[10_000];
        Random random = new Random(7);
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.exp(random.nextGaussian() * 2) * 50;
            stats = stats.plus(Stats.of(values[i], "Milliseconds"));
        }
        java.util.Arrays.sort(values);
        for (double percent : new double[] {50, 90, 99, 99.9}) {
            double exact = values[(int) Math.floor(percent / 100 * (values.length - 1))];
            assertThat(stats.percentile(percent)).as("p" + percent).isCloseTo(exact, within(exact * 0.0101));
        }
        double max = values[values.length - 1];
        assertThat(stats.percentile(100)).isCloseTo(max, within(max * 0.0101)).isLessThanOrEqualTo(max);
        assertThat(stats.percentile(0)).isCloseTo(values[0], within(values[0] * 0.0101));
    }

    @Test
    void mergingSketchesIsTheSketchOfAllTheirValues() {
        Stats even = Stats.EMPTY;
        Stats odd = Stats.EMPTY;
        Stats all = Stats.EMPTY;
        for (int i = -50; i <= 200; i++) {
            Stats one = Stats.of(i, 2, "None");
            all = all.plus(one);
            if (i % 2 == 0) {
                even = even.plus(one);
            } else {
                odd = odd.plus(one);
            }
        }
        Stats merged = even.plus(odd);
        for (double percent = 0; percent <= 100; percent += 2.5) {
            assertThat(merged.percentile(percent)).isEqualTo(all.percentile(percent));
        }
        assertThat(merged.percentile(10)).isCloseTo(-25, within(0.5));
        assertThat(merged.sketch().count()).isEqualTo(2 * 251);
    }

    @Test
    void aStatisticSetHasNoPercentile() {
        assertThat(new Stats(4, 100, 5, 50, "Count").percentile(50)).isNaN();
    }

    @Test
    void theSerdeKeepsTheSketchAndReadsRecordsWrittenWithoutOne() throws Exception {
        Stats stats = Stats.of(3, "Count").plus(Stats.of(300, "Count")).plus(Stats.of(-1, "Count"));
        byte[] bytes = MetricSerdes.stats().serializer().serialize("t", stats);
        Stats read = MetricSerdes.stats().deserializer().deserialize("t", bytes);
        assertThat(read.percentile(100)).isCloseTo(300, within(3.0));
        assertThat(read.percentile(50)).isCloseTo(3, within(0.03));
        assertThat(read.percentile(0)).isCloseTo(-1, within(0.01));

        ByteArrayOutputStream old = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(old)) {
            out.writeByte(1);
            out.writeDouble(2);
            out.writeDouble(10);
            out.writeDouble(4);
            out.writeDouble(6);
            out.writeUTF("Bytes");
        }
        Stats version1 = MetricSerdes.stats().deserializer().deserialize("t", old.toByteArray());
        assertThat(version1.sum()).isEqualTo(10);
        assertThat(version1.unit()).isEqualTo("Bytes");
        assertThat(version1.sketch().isEmpty()).isTrue();
    }
}
