package io.millrace.analytics.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) handled by the shell instead of ending the JVM, for as long as this is open: a long streaming
 * query is stopped and the session, with its tables, survives. The previous handler comes back on close.
 */
final class Interrupts implements AutoCloseable {

    private static final Signal INT = new Signal("INT");

    private final SignalHandler previous;

    private Interrupts(SignalHandler previous) {
        this.previous = previous;
    }

    static Interrupts onCtrlC(Runnable action) {
        return new Interrupts(Signal.handle(INT, signal -> action.run()));
    }

    @Override
    public void close() {
        Signal.handle(INT, previous);
    }
}
