package io.millrace.agent;

import java.util.concurrent.atomic.AtomicLong;

/** What every flow parsed and sent, for the agent's progress line. */
final class Progress {

    final AtomicLong recordsParsed = new AtomicLong();
    final AtomicLong bytesConsumed = new AtomicLong();
    final AtomicLong recordsSent = new AtomicLong();
    private final long startNanos = System.nanoTime();

    /** The agent's line, word for word (Agent.java): scripts that watch the agent's log parse it. */
    String line() {
        return String.format(
                "Agent: Progress: %d records parsed (%d bytes), and %d records sent successfully to destinations."
                        + " Uptime: %dms",
                recordsParsed.get(),
                bytesConsumed.get(),
                recordsSent.get(),
                (System.nanoTime() - startNanos) / 1_000_000);
    }
}
