package brainc.ir.model;

import java.util.List;
import java.util.Objects;

/** An active-inference agent: hidden factors, observed modalities, controls, preferences, priors and planning. */
public record Agent(
    String name,
    String doc,
    List<Factor> factors,
    List<Modality> modalities,
    List<Control> controls,
    List<Preference> preferences,
    List<Prior> priors,
    Planning planning,
    Origin origin) implements Decl {
  public Agent {
    Checks.name(name, "name");
    Objects.requireNonNull(doc, "doc");
    factors = List.copyOf(factors);
    modalities = List.copyOf(modalities);
    controls = List.copyOf(controls);
    preferences = List.copyOf(preferences);
    priors = List.copyOf(priors);
    Objects.requireNonNull(planning, "planning");
    Objects.requireNonNull(origin, "origin");
  }

  @Override
  public <R> R accept(DeclVisitor<R> v) {
    return v.visit(this);
  }
}
