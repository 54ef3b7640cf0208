package brainc.ir.model;

import java.util.Objects;

/** A named readout of a network or workspace. */
public record Output(String name, Expr readout, Origin origin) {
  public Output {
    Checks.name(name, "name");
    Objects.requireNonNull(readout, "readout");
    Objects.requireNonNull(origin, "origin");
  }
}
