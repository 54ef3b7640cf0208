package brainc.ir.model;

import java.util.List;

/** A surrogate gradient such as {@code atan(alpha)} or {@code fast_sigmoid(slope)}. */
public record Surrogate(String kind, List<Setting> settings) {
  public Surrogate {
    Checks.name(kind, "kind");
    settings = List.copyOf(settings);
  }
}
