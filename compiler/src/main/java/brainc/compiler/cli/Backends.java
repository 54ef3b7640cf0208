package brainc.compiler.cli;

import brainc.codegen.Backend;
import brainc.codegen.interp.Interpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The backends `brainc run` can use, by name. */
final class Backends {
  static final List<String> NAMES = List.of("jvm", "interp");

  private Backends() {}

  static Optional<Backend> byName(String name) {
    return switch (name) {
      case "interp" -> Optional.of(new Interpreter());
      case "jvm" -> Optional.of(new brainc.codegen.jvm.JvmBackend());
      default -> Optional.empty();
    };
  }

  /** For picocli's help text. */
  static final class Names extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Names() {
      super(NAMES);
    }
  }
}
