package brainc.ir.model;

import java.util.List;
import java.util.Objects;

/** A global workspace: modules compete for access, and the winners are broadcast. */
public record Workspace(
    String name,
    String doc,
    List<WorkspaceModule> modules,
    int width,
    int capacity,
    String selection,
    String salience,
    double temperature,
    List<String> broadcastTo,
    Memory memory,
    List<Output> outputs,
    Origin origin) implements Decl {
  public Workspace {
    Checks.name(name, "name");
    Objects.requireNonNull(doc, "doc");
    modules = List.copyOf(modules);
    Checks.name(selection, "selection");
    Checks.name(salience, "salience");
    broadcastTo = List.copyOf(broadcastTo);
    Objects.requireNonNull(memory, "memory");
    outputs = List.copyOf(outputs);
    Objects.requireNonNull(origin, "origin");
    if (width < 1) throw new IllegalArgumentException("workspace width must be positive: " + width);
    if (capacity < 1) throw new IllegalArgumentException("workspace capacity must be positive: " + capacity);
    broadcastTo.forEach(b -> Checks.name(b, "broadcast target"));
  }

  @Override
  public <R> R accept(DeclVisitor<R> v) {
    return v.visit(this);
  }
}
