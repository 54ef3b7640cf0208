package brainc.ir.model;

import java.util.Locale;

/**
 * How a synapse pairs a presynaptic and a postsynaptic spike of the same step ({@code same_step}
 * in a synapse model). Each handler always sees its own side's traces before its own spike's
 * increment; what differs is whether it sees the other side's increment of this step.
 */
public enum Pairing {
  /** Neither handler sees the other side's spike of this step: the pair does not count (the default). */
  UNPAIRED,
  /**
   * The pre spike counts as the earlier one: {@code on pre}, the presynaptic trace increments,
   * then {@code on post}, which sees them (Brian2's default schedule: potentiation).
   */
  PRE_THEN_POST,
  /** The post spike counts as the earlier one: {@code on post}, its traces, then {@code on pre} (depression). */
  POST_THEN_PRE;

  /** The word the language writes ({@code pre_then_post}). */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode a keyword names. */
  public static Pairing of(String keyword) {
    return valueOf(keyword.toUpperCase(Locale.ROOT));
  }
}
