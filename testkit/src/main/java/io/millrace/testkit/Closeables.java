package io.millrace.testkit;

/** A test's clean-up: everything it started, closed in the order given, each whatever the others did. */
public final class Closeables {

    private Closeables() {}

    /** Closes each non-null resource in order; a failure to close one does not keep the next open. */
    public static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                // Closing the rest matters more.
            }
        }
    }
}
