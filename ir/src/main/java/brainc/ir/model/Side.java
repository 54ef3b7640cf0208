package brainc.ir.model;

/** The side of a synapse whose spikes a trace or handler follows. */
public enum Side {
  PRE, POST
}
