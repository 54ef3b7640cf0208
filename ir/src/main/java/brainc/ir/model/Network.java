package brainc.ir.model;

import java.util.List;
import java.util.Objects;

/** A network of populations, inputs and projections, with readouts, signals and monitors. */
public record Network(
    String name,
    String doc,
    List<Param> params,
    List<Let> lets,
    List<Population> populations,
    List<PopulationView> views,
    List<InputGroup> inputs,
    List<Projection> projections,
    List<Output> outputs,
    List<Signal> signals,
    List<Monitor> monitors,
    Origin origin) implements Decl {
  public Network {
    Checks.name(name, "name");
    Objects.requireNonNull(doc, "doc");
    params = List.copyOf(params);
    lets = List.copyOf(lets);
    populations = List.copyOf(populations);
    views = List.copyOf(views);
    inputs = List.copyOf(inputs);
    projections = List.copyOf(projections);
    outputs = List.copyOf(outputs);
    signals = List.copyOf(signals);
    monitors = List.copyOf(monitors);
    Objects.requireNonNull(origin, "origin");
  }

  @Override
  public <R> R accept(DeclVisitor<R> v) {
    return v.visit(this);
  }
}
