package io.millrace.agent.config;

/** agent.json is unreadable or says something the agent cannot do: one line naming the key, nothing started. */
public final class AgentConfigException extends RuntimeException {

    public AgentConfigException(String message) {
        super(message);
    }
}
