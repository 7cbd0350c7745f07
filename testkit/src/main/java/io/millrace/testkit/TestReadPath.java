package io.millrace.testkit;

import java.util.Map;

/**
 * The GetRecords read path a test run asks for: {@code MILLRACE_TEST_READ_PATH=fetch} (or {@code consumer}) runs
 * every test gateway's reads on that path, so the read-path tests can be run on either; unset, the gateways keep
 * their configuration's default.
 */
public final class TestReadPath {

    public static final String VARIABLE = "MILLRACE_TEST_READ_PATH";

    private TestReadPath() {}

    /** Sets {@code key} (the gateway's read-path setting) to the run's read path, unless unset or already set. */
    public static void putIfAbsent(Map<String, ? super String> settings, String key) {
        String readPath = System.getenv(VARIABLE);
        if (readPath != null) {
            settings.putIfAbsent(key, readPath);
        }
    }
}
