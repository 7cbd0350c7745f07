package io.millrace.analytics.application;

/** AWS's ApplicationStatus and SnapshotStatus values Millrace moves through. */
final class Status {

    static final String READY = "READY";
    static final String STARTING = "STARTING";
    static final String RUNNING = "RUNNING";
    static final String UPDATING = "UPDATING";
    static final String STOPPING = "STOPPING";
    static final String FORCE_STOPPING = "FORCE_STOPPING";
    static final String DELETING = "DELETING";

    static final String SNAPSHOT_CREATING = "CREATING";
    static final String SNAPSHOT_READY = "READY";
    static final String SNAPSHOT_DELETING = "DELETING";
    static final String SNAPSHOT_FAILED = "FAILED";

    static final String SKIP_RESTORE = "SKIP_RESTORE_FROM_SNAPSHOT";
    static final String RESTORE_LATEST = "RESTORE_FROM_LATEST_SNAPSHOT";
    static final String RESTORE_CUSTOM = "RESTORE_FROM_CUSTOM_SNAPSHOT";

    private Status() {}
}
