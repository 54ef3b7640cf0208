package brainc.ir.model;

/** The excitatory fraction of a population; the rest is inhibitory. */
public record Split(double excitatoryFraction) {
  public Split {
    if (!(excitatoryFraction >= 0 && excitatoryFraction <= 1)) throw new IllegalArgumentException("excitatory fraction outside [0, 1]: " + excitatoryFraction);
  }
}
