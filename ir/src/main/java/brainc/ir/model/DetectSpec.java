package brainc.ir.model;

import java.util.Objects;
import java.util.Optional;

/** An anomaly-detection run of an HTM region over an input file. */
public record DetectSpec(
    String name,
    String target,
    String input,
    Optional<String> output,
    Origin origin) implements Decl {
  public DetectSpec {
    Checks.name(name, "name");
    Checks.name(target, "target");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(origin, "origin");
    output.ifPresent(o -> Checks.name(o, "output"));
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
