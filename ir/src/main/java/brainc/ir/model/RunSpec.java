package brainc.ir.model;

import java.util.List;
import java.util.Objects;

/** A simulation run of a network. */
public record RunSpec(
    String name,
    String target,
    Expr duration,
    Expr dt,
    long seed,
    List<Setting> settings,
    Origin origin) implements Decl {
  public RunSpec {
    Checks.name(name, "name");
    Checks.name(target, "target");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(dt, "dt");
    settings = List.copyOf(settings);
    Objects.requireNonNull(origin, "origin");
  }

  @Override
  public <R> R accept(DeclVisitor<R> v) {
    return v.visit(this);
  }

  /** Statements have no doc comments. */
  @Override
  public String doc() {
    return "";
  }
}
