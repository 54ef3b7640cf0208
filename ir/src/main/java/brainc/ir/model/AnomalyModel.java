package brainc.ir.model;

import java.util.List;

/** How an HTM region turns prediction errors into anomaly scores. */
public record AnomalyModel(String kind, List<Setting> settings) {
  public AnomalyModel {
    Checks.name(kind, "kind");
    settings = List.copyOf(settings);
  }
}
