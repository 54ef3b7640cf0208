package brainc.ir.model;

import java.util.List;

/** The learner of a meta loop, such as {@code mlp(1, 40, 40, 1, activation = relu)}. */
public record ModelSpec(String kind, List<Expr> arguments, List<Setting> settings) {
  public ModelSpec {
    Checks.name(kind, "kind");
    arguments = List.copyOf(arguments);
    settings = List.copyOf(settings);
  }
}
