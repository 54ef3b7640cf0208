package brainc.ir.model;

import brainc.ir.types.Type;
import java.util.Objects;

/** An input port of a neuron model; synaptic drive is summed through its kernel. */
public record InputPort(String name, Type type, Kernel kernel, String doc, Origin origin) {
  public InputPort {
    Checks.name(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(origin, "origin");
  }
}
