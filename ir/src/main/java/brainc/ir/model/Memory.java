package brainc.ir.model;

import java.util.List;

/** The working memory of a workspace, such as {@code cfc(units)}. */
public record Memory(String kind, List<Setting> settings) {
  public Memory {
    Checks.name(kind, "kind");
    settings = List.copyOf(settings);
  }
}
