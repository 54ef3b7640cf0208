package brainc.ir.model;

import java.util.List;
import java.util.Objects;

/** An observation modality and its likelihood matrix. */
public record Modality(
    String name,
    List<String> levels,
    List<String> dependsOn,
    String matrixName,
    Expr likelihood,
    Origin origin) {
  public Modality {
    Checks.name(name, "name");
    levels = List.copyOf(levels);
    dependsOn = List.copyOf(dependsOn);
    Checks.name(matrixName, "matrixName");
    Objects.requireNonNull(likelihood, "likelihood");
    Objects.requireNonNull(origin, "origin");
    if (levels.isEmpty()) throw new IllegalArgumentException(name + " has no levels");
  }
}
