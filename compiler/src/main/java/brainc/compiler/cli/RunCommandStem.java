package brainc.compiler.cli;

import java.nio.file.Path;

/** The name of a model file without `.brain`, for default output directories. */
final class RunCommandStem {
  private RunCommandStem() {}

  static String of(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".brain") ? name.substring(0, name.length() - 6) : name;
  }
}
