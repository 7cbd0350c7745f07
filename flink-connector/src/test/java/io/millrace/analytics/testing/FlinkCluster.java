package io.millrace.analytics.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The mini-cluster each test class registers once: small, so several classes fit on 2 cores one after another. */
public final class FlinkCluster {

    private FlinkCluster() {}

    public static MiniClusterExtension create() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(8)
                .build());
    }
}
