package brainc.ir.model;

import java.util.List;
import java.util.Objects;

/** A training run of a network in an environment or on a dataset. */
public record TrainSpec(
    String name,
    String target,
    String sourceKind,
    String source,
    List<Setting> sourceSettings,
    List<Setting> settings,
    List<CurriculumPhase> curriculum,
    Origin origin) implements Decl {
  public TrainSpec {
    Checks.name(name, "name");
    Checks.name(target, "target");
    Objects.requireNonNull(sourceKind, "sourceKind");
    Checks.name(source, "source");
    sourceSettings = List.copyOf(sourceSettings);
    settings = List.copyOf(settings);
    curriculum = List.copyOf(curriculum);
    Objects.requireNonNull(origin, "origin");
    if (!sourceKind.equals(ENVIRONMENT) && !sourceKind.equals(DATASET)) throw new IllegalArgumentException("training source kind must be environment or dataset: " + sourceKind);
  }

  @Override
  public <R> R accept(DeclVisitor<R> v) {
    return v.visit(this);
  }

  public static final String ENVIRONMENT = "environment";
  public static final String DATASET = "dataset";

  /** Statements have no doc comments. */
  @Override
  public String doc() {
    return "";
  }
}
