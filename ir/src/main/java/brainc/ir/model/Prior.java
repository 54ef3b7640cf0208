package brainc.ir.model;

import java.util.Objects;

/** The prior over the initial state of a factor. */
public record Prior(String factor, String matrixName, Expr values, Origin origin) {
  public Prior {
    Checks.name(factor, "factor");
    Checks.name(matrixName, "matrixName");
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(origin, "origin");
  }
}
