package brainc.ir.verify;

import brainc.ir.model.RefKind;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The names a reference may resolve to inside one declaration, by reference kind. A kind that is
 * open accepts any name (built-ins, constants, the pre- and postsynaptic neuron's members); a kind
 * that is absent is not allowed in the scope at all.
 */
final class Scope {
  private final String description;
  private final Map<RefKind, Set<String>> names = new EnumMap<>(RefKind.class);
  private final Set<RefKind> open = new HashSet<>();

  Scope(String description) {
    this.description = description;
    open(RefKind.BUILTIN);
    open(RefKind.CONSTANT);
  }

  String description() {
    return description;
  }

  Scope open(RefKind kind) {
    open.add(kind);
    return this;
  }

  Scope add(RefKind kind, String name) {
    names.computeIfAbsent(kind, k -> new HashSet<>()).add(name);
    return this;
  }

  /** Allows a kind with no names yet, so that references of it are checked rather than banned. */
  Scope allow(RefKind kind) {
    names.computeIfAbsent(kind, k -> new HashSet<>());
    return this;
  }

  boolean allows(RefKind kind) {
    return open.contains(kind) || names.containsKey(kind);
  }

  boolean resolves(RefKind kind, String name) {
    return open.contains(kind) || names.getOrDefault(kind, Set.of()).contains(name);
  }
}
