package brainc.compiler.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version of brainc, from a resource that the build fills in, so that it is right both in
 * the shaded jar and when the classes run from an IDE or a test.
 */
public final class Version implements IVersionProvider {
  private static final String RESOURCE = "/brainc/compiler/cli/version.properties";

  /** The project version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} outside a build. */
  public static String number() {
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in == null) return "unknown";
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {
        "brainc " + number(),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
  }
}
