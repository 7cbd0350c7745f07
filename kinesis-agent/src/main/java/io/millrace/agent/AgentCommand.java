package io.millrace.agent;

import io.millrace.agent.config.AgentConfig;
import io.millrace.agent.config.AgentConfigException;
import io.millrace.agent.config.AgentConfigReader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code millrace agent --config agent.json}: the Kinesis Agent. The launcher registers this command; {@link
 * AgentMain} runs it on its own. Exit codes: 0 stopped, 2 a bad command line or agent.json (nothing started).
 */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = "Tails log files into Kinesis data streams and Firehose streams, configured by the Kinesis"
                + " Agent's agent.json; runs until stopped (Ctrl-C, SIGTERM).")
public final class AgentCommand implements Callable<Integer> {

    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            required = true,
            paramLabel = "<agent.json>",
            description =
                    "The agent's configuration file, as the Kinesis Agent reads it (/etc/aws-kinesis/agent.json).")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        AgentConfig agentConfig;
        Agent agent;
        try {
            agentConfig = AgentConfigReader.read(config);
            agent = Agent.start(agentConfig);
        } catch (AgentConfigException e) {
            spec.commandLine().getErr().println("millrace: " + config + ": " + e.getMessage());
            return USAGE;
        }
        Thread stopper = new Thread(agent::close, "agent-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        agent.await();
        return 0;
    }
}
