package brainc.ir.model;

/** The expected change of a variable at the end of a scenario. */
public enum Trend {
  INCREASES, DECREASES, UNCHANGED
}
