package io.millrace.launcher.exit;

/** Process exit codes, as scripts and supervisors see them. */
public final class ExitCodes {

    public static final int OK = 0;
    /** Start-up failed or a service stopped: a busy port, a broken data dir. */
    public static final int FAILURE = 1;
    /** The command line or the configuration file is wrong; nothing was started. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
