package io.millrace.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the short administrative commands of the kit ({@code ip ...}) and fails loudly when one fails. */
final class Shell {

    private Shell() {}

    static String run(String... command) {
        return run(List.of(command), true);
    }

    /** Cleanup runs everything it can: a failing step there is reported by the caller, not thrown. */
    static String runQuietly(String... command) {
        return run(List.of(command), false);
    }

    private static String run(List<String> command, boolean check) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": no exit within 60 s");
            }
            if (check && process.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " exited with " + process.exitValue() + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", command) + ": interrupted", e);
        }
    }
}
