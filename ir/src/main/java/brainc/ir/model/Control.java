package brainc.ir.model;

import java.util.List;
import java.util.Objects;

/** A control factor: its actions and the transition matrix of the hidden factor it drives. */
public record Control(
    String name,
    List<String> actions,
    String factor,
    String matrixName,
    Expr transition,
    Origin origin) {
  public Control {
    Checks.name(name, "name");
    actions = List.copyOf(actions);
    Checks.name(factor, "factor");
    Checks.name(matrixName, "matrixName");
    Objects.requireNonNull(transition, "transition");
    Objects.requireNonNull(origin, "origin");
    if (actions.isEmpty()) throw new IllegalArgumentException(name + " has no actions");
  }
}
