package io.millrace.launcher.exit;

/**
 * A failure the operator can fix (a busy port, an unreadable file): reported as one line, without a stack trace.
 */
public class LauncherException extends RuntimeException {

    private final int exitCode;

    public LauncherException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public LauncherException(String message) {
        this(message, ExitCodes.FAILURE);
    }

    public int exitCode() {
        return exitCode;
    }
}
