package io.millrace.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version Maven stamped into the build, so {@code --version} cannot drift from the POM. */
public final class MillraceVersion implements IVersionProvider {

    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {
            "Millrace " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }

    public static String version() {
        Properties props = new Properties();
        try (InputStream in = MillraceVersion.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource is no reason to fail --version
        }
        return props.getProperty("version", "unknown");
    }
}
