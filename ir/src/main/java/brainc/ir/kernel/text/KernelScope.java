package brainc.ir.kernel.text;

import brainc.ir.kernel.KernelProgram.Buffer;
import brainc.ir.kernel.Scalar;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The types the printer leaves out and the parser fills in: a buffer's declared type (the first
 * declaration of a name wins) and a local's innermost binding (a later {@code let} of a name in
 * the same block replaces the earlier one). Printer and parser share it, so that what one omits
 * the other derives in exactly the same way.
 */
final class KernelScope {
  private final Map<String, Scalar> buffers = new HashMap<>();
  private final Deque<Map<String, Scalar>> frames = new ArrayDeque<>();

  KernelScope(List<Buffer> declared) {
    for (Buffer b : declared) buffers.putIfAbsent(b.name(), b.type());
  }

  /** The declared type of a buffer, or null when no buffer has the name. */
  Scalar bufferType(String name) {
    return buffers.get(name);
  }

  /** The type of the innermost binding of a local, or null when none is in scope. */
  Scalar localType(String name) {
    for (Map<String, Scalar> f : frames) {
      Scalar t = f.get(name);
      if (t != null) return t;
    }
    return null;
  }

  void push() {
    frames.push(new HashMap<>());
  }

  void pop() {
    frames.pop();
  }

  void bind(String name, Scalar type) {
    frames.peek().put(name, type);
  }
}
