package brainc.ir.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A meta-learning loop such as MAML: the learner, the task distribution and the inner and outer loops. */
public record MetaLoop(
    String name,
    String doc,
    String algorithm,
    ModelSpec model,
    TaskSpec tasks,
    List<Setting> inner,
    List<Setting> outer,
    Optional<String> gate,
    Origin origin) implements Decl {
  public MetaLoop {
    Checks.name(name, "name");
    Objects.requireNonNull(doc, "doc");
    Checks.name(algorithm, "algorithm");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(tasks, "tasks");
    inner = List.copyOf(inner);
    outer = List.copyOf(outer);
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(origin, "origin");
    gate.ifPresent(g -> Checks.name(g, "gate"));
  }

  @Override
  public <R> R accept(DeclVisitor<R> v) {
    return v.visit(this);
  }
}
