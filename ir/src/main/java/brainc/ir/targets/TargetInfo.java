package brainc.ir.targets;

import java.util.Set;

/**
 * What one engine or artifact target is, as data: its name (as `--backend` or `--target` gives
 * it), whether it runs programs or writes files, the program kind it reads, and what it can do.
 * The capability check, `brainc targets` and the docs read this; the implementation lives in
 * {@code codegen} and is bound to it by the engine registry.
 */
public record TargetInfo(String name, Role role, ProgramKind reads, Set<Capability> capabilities, String summary) {
  public TargetInfo {
    capabilities = Set.copyOf(capabilities);
  }

  /** Whether it runs a program in this process or emits files for another tool. */
  public enum Role {
    ENGINE("engine"),
    ARTIFACT("artifact target");

    private final String word;

    Role(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  public boolean can(Capability c) {
    return capabilities.contains(c);
  }

  /** `jvm (kernel IR)`: how messages name it. */
  public String label() {
    return "`" + name + "` (" + reads.title() + ")";
  }
}
