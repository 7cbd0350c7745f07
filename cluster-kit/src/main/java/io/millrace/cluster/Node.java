package io.millrace.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** One role on one host (broker-2, gateway-1...): its command line, its current process, its faults. */
public final class Node {

    private final String name;
    private final Host host;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private final BooleanSupplier serving;
    private volatile HostProcess process;

    Node(String name, Host host, List<String> command, Map<String, String> env, Path log, BooleanSupplier serving) {
        this.name = name;
        this.host = host;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.log = log;
        this.serving = serving;
    }

    /** Starts the process; {@link #awaitServing} waits for it. */
    void launch() throws IOException {
        process = host.start(name, command, env, log);
    }

    public void awaitServing(Duration timeout) {
        Ready.await(process, name + " serving", timeout, serving);
    }

    /** Whether the role answers right now (its port, its REST API). */
    public boolean isServing() {
        return process.isAlive() && serving.getAsBoolean();
    }

    public String name() {
        return name;
    }

    public Host host() {
        return host;
    }

    public String address() {
        return host.address();
    }

    /** The command line it runs, in its namespace. */
    public List<String> command() {
        return command;
    }

    public HostProcess process() {
        return process;
    }

    /** kill -9 of its process. */
    public void kill9() {
        process.kill9();
    }

    /** The same command line again, after a kill: its data directory is kept, as on a rebooted machine. */
    public void restart(Duration timeout) throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch();
        awaitServing(timeout);
    }

    @Override
    public String toString() {
        return name + "@" + host.address();
    }
}
