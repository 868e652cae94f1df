package dev.syncasync.commandline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** What {@code --version} prints on every entry point: the lab's version and the JVM that runs it. */
public final class Version implements IVersionProvider {

    /** The project's version, as Maven built it. */
    public static String project() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "${COMMAND-FULL-NAME} (sync-async-lab) " + project(),
            "JVM " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ", " + System.getProperty("os.name")
                    + " " + System.getProperty("os.arch") + ")",
        };
    }
}
