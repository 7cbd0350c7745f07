package io.millrace.agent;

import picocli.CommandLine;

/** The agent on its own, without the launcher: {@code java -cp ... io.millrace.agent.AgentMain --config agent.json}. */
public final class AgentMain {

    private AgentMain() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new AgentCommand()).execute(args));
    }
}
