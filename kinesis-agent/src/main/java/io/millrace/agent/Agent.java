package io.millrace.agent;

import io.millrace.agent.checkpoint.CheckpointStore;
import io.millrace.agent.config.AgentConfig;
import io.millrace.agent.config.FlowConfig;
import io.millrace.agent.metrics.AgentMetrics;
import io.millrace.agent.send.Clients;
import io.millrace.agent.send.DestinationClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: a thread per flow, the shared checkpoint file, the progress line every reporting period, and its
 * metrics published to CloudWatch (cloudwatch.emitMetrics).
 */
public final class Agent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final List<Thread> flows = new ArrayList<>();
    private final List<DestinationClient> clients = new ArrayList<>();
    private final ScheduledExecutorService reporter;
    private final Progress progress = new Progress();
    private final AgentMetrics metrics;

    private Agent(AgentConfig config) {
        CheckpointStore checkpoints = CheckpointStore.open(config.checkpointFile());
        metrics = config.cloudWatch().emitMetrics()
                ? AgentMetrics.start(
                        config.cloudWatch(), Clients.forCloudWatch(config), Clients.cloudWatchWhere(config))
                : AgentMetrics.off();
        for (FlowConfig flow : config.flows()) {
            DestinationClient client = Clients.forDestination(config, flow.destination());
            clients.add(client);
            Thread thread = new Thread(
                    new FlowRunner(flow, client, metrics.forDestination(flow.destination()), checkpoints, progress),
                    "agent-flow-" + flows.size());
            flows.add(thread);
        }
        reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "agent-progress");
            thread.setDaemon(true);
            return thread;
        });
        reporter.scheduleAtFixedRate(
                () -> LOG.info(progress.line()),
                config.statusReportingPeriodSeconds(),
                config.statusReportingPeriodSeconds(),
                TimeUnit.SECONDS);
        LOG.info("Agent: started with {} flow(s), checkpoints in {}", flows.size(), config.checkpointFile());
        flows.forEach(Thread::start);
    }

    public static Agent start(AgentConfig config) {
        return new Agent(config);
    }

    /** Blocks until every flow has stopped. */
    public void await() throws InterruptedException {
        for (Thread flow : flows) {
            flow.join();
        }
    }

    /** Stops the flows: a batch not yet acknowledged is not checkpointed, and is sent again at the next start. */
    @Override
    public void close() {
        flows.forEach(Thread::interrupt);
        for (Thread flow : flows) {
            try {
                flow.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        reporter.shutdownNow();
        clients.forEach(DestinationClient::close);
        // After the flows: what their last batches reported is published too.
        metrics.close();
        LOG.info(progress.line());
    }
}
