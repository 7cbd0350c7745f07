package io.millrace.bench;

import picocli.CommandLine;

/** Runs {@code bench} without the launcher: {@code java -cp ... io.millrace.bench.BenchMain put --help}. */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
