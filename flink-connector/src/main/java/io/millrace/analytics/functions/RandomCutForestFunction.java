package io.millrace.analytics.functions;

import com.amazon.randomcutforest.RandomCutForest;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.AggregateFunction;

/**
 * {@code RANDOM_CUT_FOREST(value [, numberOfTrees, subSampleSize, shingleSize])}: the anomaly score of each value
 * against the values before it in its group, as the RANDOM_CUT_FOREST of Kinesis Data Analytics SQL computed it.
 * Use it as an OVER aggregate, ordered by event time:
 * {@code RANDOM_CUT_FOREST(v) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)}.
 * Each value is scored, then added to the forest; scores are 0 until a quarter of the sample is filled. The seed
 * is fixed so that replaying a stream yields the same scores.
 */
@FunctionHint(
        accumulator =
                @DataTypeHint(
                        value = "RAW",
                        bridgedTo = ForestAccumulator.class,
                        rawSerializer = ForestAccumulatorSerializer.class),
        output = @DataTypeHint("DOUBLE"))
public final class RandomCutForestFunction extends AggregateFunction<Double, ForestAccumulator> {

    /** Defaults of Kinesis Data Analytics' RANDOM_CUT_FOREST. */
    public static final int DEFAULT_TREES = 100;

    public static final int DEFAULT_SAMPLE_SIZE = 256;
    public static final int DEFAULT_SHINGLE_SIZE = 1;
    public static final long SEED = 42L;

    @Override
    public ForestAccumulator createAccumulator() {
        return new ForestAccumulator();
    }

    public void accumulate(ForestAccumulator acc, Double value) {
        accumulate(acc, value, DEFAULT_TREES, DEFAULT_SAMPLE_SIZE, DEFAULT_SHINGLE_SIZE);
    }

    public void accumulate(
            ForestAccumulator acc, Double value, Integer numberOfTrees, Integer sampleSize, Integer shingleSize) {
        if (value == null) {
            acc.lastScore = null;
            return;
        }
        if (acc.forest == null) {
            acc.forest = newForest(numberOfTrees, sampleSize, shingleSize);
        }
        double[] point = {value};
        acc.lastScore = acc.forest.getAnomalyScore(point);
        acc.forest.update(point);
    }

    @Override
    public Double getValue(ForestAccumulator acc) {
        return acc.lastScore;
    }

    public static RandomCutForest newForest(int numberOfTrees, int sampleSize, int shingleSize) {
        return RandomCutForest.builder()
                .dimensions(shingleSize)
                .shingleSize(shingleSize)
                .internalShinglingEnabled(shingleSize > 1)
                .numberOfTrees(numberOfTrees)
                .sampleSize(sampleSize)
                .randomSeed(SEED)
                .parallelExecutionEnabled(false)
                .build();
    }
}
