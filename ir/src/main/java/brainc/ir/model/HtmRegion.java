package brainc.ir.model;

import java.util.List;
import java.util.Objects;

/** An HTM region: encoders, spatial pooler, temporal memory and anomaly model. */
public record HtmRegion(
    String name,
    String doc,
    List<Setting> settings,
    List<HtmEncoder> encoders,
    List<Setting> spatialPooler,
    List<Setting> temporalMemory,
    AnomalyModel anomaly,
    Origin origin) implements Decl {
  public HtmRegion {
    Checks.name(name, "name");
    Objects.requireNonNull(doc, "doc");
    settings = List.copyOf(settings);
    encoders = List.copyOf(encoders);
    spatialPooler = List.copyOf(spatialPooler);
    temporalMemory = List.copyOf(temporalMemory);
    Objects.requireNonNull(anomaly, "anomaly");
    Objects.requireNonNull(origin, "origin");
  }

  @Override
  public <R> R accept(DeclVisitor<R> v) {
    return v.visit(this);
  }
}
