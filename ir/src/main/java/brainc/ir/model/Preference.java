package brainc.ir.model;

import java.util.Objects;

/** Preferred observations (log-probabilities) of a modality. */
public record Preference(String modality, String matrixName, Expr values, Origin origin) {
  public Preference {
    Checks.name(modality, "modality");
    Checks.name(matrixName, "matrixName");
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(origin, "origin");
  }
}
