package brainc.compiler.sema;

import brainc.ir.source.Span;
import java.util.Optional;

/**
 * A declared name: what kind of thing it is, its type, where it was declared and its doc
 * comment. {@code node} is the AST node that declares it (or null for built-ins).
 */
public record Symbol(String name, Kind kind, Ty type, Optional<Span> declaration, String doc, Object node,
    String container) {

  public Symbol withType(Ty t) {
    return new Symbol(name, kind, t, declaration, doc, node, container);
  }

  public static Symbol builtin(String name, Kind kind, Ty type, String doc) {
    return new Symbol(name, kind, type, Optional.empty(), doc, null, "");
  }

  public enum Kind {
    PARAM("parameter"), STATE("state variable"), INPUT("input port"), LET("named value"),
    VAR("per-synapse variable"), TRACE("trace"), SIGNAL("signal"), POPULATION("population"),
    INPUT_GROUP("input"), OUTPUT("output"), MODULE("module"), FACTOR("hidden factor"),
    MODALITY("modality"), CONTROL("control"), LEVEL("level"), PREDICATE("predicate"),
    MATRIX("matrix"), MEMORY("memory"),
    NEURON("neuron model"), SYNAPSE("synapse model"), NETWORK("network"), REGION("region"),
    WORKSPACE("workspace"), AGENT("agent"), RULES("rule base"), META("meta-learning loop"),
    BUILTIN("built-in value"), UNIT("unit"), CONSTANT("constant"), FUNCTION("function");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public boolean isDeclaration() {
      return ordinal() >= NEURON.ordinal() && ordinal() <= META.ordinal();
    }
  }
}
