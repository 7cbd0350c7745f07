package io.millrace.bench.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * The enhanced fan-out consumers a run registers on its stream (waiting until each is ACTIVE) and deregisters at
 * the end, whatever happened in between.
 */
public final class FanOutConsumers implements AutoCloseable {

    /** AWS allows at most 20 registered consumers per stream (Kinesis quotas). */
    public static final int MAX_CONSUMERS = 20;

    private final StreamAdmin admin;
    private final List<String> arns = new ArrayList<>();
    private final List<String> warnings;

    private FanOutConsumers(StreamAdmin admin, List<String> warnings) {
        this.admin = admin;
        this.warnings = warnings;
    }

    /**
     * Registers {@code count} consumers: {@code name} itself when there is one, {@code name-1} to {@code name-N}
     * otherwise.
     *
     * @param warnings receives the consumers that could not be deregistered at {@link #close}
     */
    public static FanOutConsumers register(
            StreamAdmin admin, String stream, String name, int count, List<String> warnings) {
        FanOutConsumers consumers = new FanOutConsumers(admin, warnings);
        try {
            for (int i = 1; i <= count; i++) {
                consumers.arns.add(admin.registerConsumerAndWait(stream, count == 1 ? name : name + "-" + i));
            }
        } catch (RuntimeException e) {
            consumers.close();
            throw e;
        }
        return consumers;
    }

    public List<String> arns() {
        return List.copyOf(arns);
    }

    @Override
    public void close() {
        for (String arn : arns) {
            String warning = admin.deregisterConsumer(arn);
            if (warning != null) {
                warnings.add(warning);
            }
        }
        arns.clear();
    }
}
