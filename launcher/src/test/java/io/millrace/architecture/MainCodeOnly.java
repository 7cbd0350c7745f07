package io.millrace.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * The production classes of every module: test classes are left out, whether they come from a module's
 * {@code target/test-classes} or from a test-jar.
 */
public final class MainCodeOnly implements ImportOption {

    @Override
    public boolean includes(Location location) {
        return !location.contains("/test-classes/") && !location.contains("-tests.jar");
    }
}
