package io.millrace.analytics.functions;

import com.amazon.randomcutforest.RandomCutForest;

/** The forest of one group (one key of an OVER window) and the score of the last value it saw. */
public final class ForestAccumulator {

    RandomCutForest forest;
    Double lastScore;

    ForestAccumulator() {}

    ForestAccumulator(RandomCutForest forest, Double lastScore) {
        this.forest = forest;
        this.lastScore = lastScore;
    }
}
