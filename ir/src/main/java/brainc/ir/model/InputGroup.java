package brainc.ir.model;

import java.util.Objects;

/** A group of input channels and the encoder that turns values into spikes. */
public record InputGroup(String name, int size, Encoder encoder, Origin origin) {
  public InputGroup {
    Checks.name(name, "name");
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(origin, "origin");
    if (size < 1) throw new IllegalArgumentException("input " + name + " has size " + size);
  }
}
