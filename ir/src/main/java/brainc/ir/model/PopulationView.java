package brainc.ir.model;

import java.util.Objects;

/** The neurons {@code [start, end)} of a parent population, under a name of their own. */
public record PopulationView(String name, String parent, int start, int end, Origin origin) {
  public PopulationView {
    Checks.name(name, "name");
    Checks.name(parent, "parent");
    Objects.requireNonNull(origin, "origin");
    if (start < 0 || end <= start) throw new IllegalArgumentException("view " + name + " has bad range " + start + " .. " + end);
  }
}
