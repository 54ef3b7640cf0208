package brainc.ir.model;

import java.util.Objects;

/** A specialist module that competes for the workspace. */
public record WorkspaceModule(String name, int size, Origin origin) {
  public WorkspaceModule {
    Checks.name(name, "name");
    Objects.requireNonNull(origin, "origin");
    if (size < 1) throw new IllegalArgumentException("module " + name + " has size " + size);
  }
}
