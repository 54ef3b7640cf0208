package brainc.ir.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An anomaly-detection run of an HTM region over an input file; {@code reports} are the columns
 * written after the scores, each one of {@link #REPORTS} at most once, in the order asked.
 */
public record DetectSpec(
    String name,
    String target,
    String input,
    Optional<String> output,
    List<String> reports,
    Origin origin) implements Decl {
  /**
   * What a detect run can report besides its scores. {@code prediction}: the fraction of a
   * record's active columns that the temporal memory predicted from the record before.
   */
  public static final List<String> REPORTS = List.of("prediction");

  public DetectSpec {
    Checks.name(name, "name");
    Checks.name(target, "target");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(origin, "origin");
    output.ifPresent(o -> Checks.name(o, "output"));
    reports = List.copyOf(reports);
    for (String r : reports) {
      if (!REPORTS.contains(r)) throw new IllegalArgumentException("unknown report " + r + " (known: " + REPORTS + ")");
    }
    if (reports.stream().distinct().count() != reports.size()) throw new IllegalArgumentException("repeated report in " + reports);
  }

  /** A run that reports the scores only. */
  public DetectSpec(String name, String target, String input, Optional<String> output, Origin origin) {
    this(name, target, input, output, List.of(), origin);
  }

  /** Whether the run writes the {@code prediction} column. */
  public boolean reportsPrediction() {
    return reports.contains("prediction");
  }

  @Override
  public <R> R accept(DeclVisitor<R> v) {
    return v.visit(this);
  }

  /** Statements have no doc comments. */
  @Override
  public String doc() {
    return "";
  }
}
