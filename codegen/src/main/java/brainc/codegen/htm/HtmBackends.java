package brainc.codegen.htm;

import java.util.List;
import java.util.Optional;

/** The HTM backends by name. */
public final class HtmBackends {
  public static final List<String> NAMES = List.of("jvm", "interp");

  private HtmBackends() {}

  public static Optional<HtmBackend> byName(String name) {
    return switch (name) {
      case "interp" -> Optional.of(HtmBackend.interp());
      case "jvm" -> Optional.of(HtmBackend.jvm());
      default -> Optional.empty();
    };
  }
}
