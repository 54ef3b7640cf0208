package brainc.ir.model;

import java.util.List;
import java.util.Objects;

/** Encodes one field of the input record as a sparse distributed representation. */
public record HtmEncoder(String field, String kind, List<Setting> settings, Origin origin) {
  public HtmEncoder {
    Checks.name(field, "field");
    Checks.name(kind, "kind");
    settings = List.copyOf(settings);
    Objects.requireNonNull(origin, "origin");
  }
}
