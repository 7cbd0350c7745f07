package io.millrace.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One machine of the cluster: a network namespace with its own address, and the processes started in it. Its faults
 * are what a machine suffers: its processes killed (kill -9) and its network link cut and restored.
 */
public final class Host {

    private final String name;
    private final String namespace;
    private final String address;
    private final String veth;
    private final List<HostProcess> processes = new ArrayList<>();

    Host(String name, String namespace, String address, String veth) {
        this.name = name;
        this.namespace = namespace;
        this.address = address;
        this.veth = veth;
    }

    public String name() {
        return name;
    }

    public String address() {
        return address;
    }

    String namespace() {
        return namespace;
    }

    String veth() {
        return veth;
    }

    /** Starts {@code command} inside the host's namespace; its output goes to {@code log}. */
    public synchronized HostProcess start(String what, List<String> command, Map<String, String> env, Path log)
            throws IOException {
        List<String> inNamespace = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        inNamespace.addAll(command);
        HostProcess process = HostProcess.start(name + "/" + what, inNamespace, env, log);
        processes.add(process);
        return process;
    }

    public synchronized List<HostProcess> processes() {
        return List.copyOf(processes);
    }

    /** kill -9 of every process of the host, as when it loses power. */
    public synchronized void killAll() {
        processes.forEach(HostProcess::kill9);
    }

    /** The host's cable pulled: its bridge port goes down, its own side stays configured. */
    public void linkDown() {
        Shell.run("ip", "link", "set", veth, "down");
    }

    public void linkUp() {
        Shell.run("ip", "link", "set", veth, "up");
    }

    synchronized void stopAll() {
        processes.forEach(HostProcess::kill9);
    }

    @Override
    public String toString() {
        return name + " (" + address + ")";
    }
}
