package brainc.codegen.cuda;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.Scalar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kernel IR statements as the C++ body of one thread. Locals get fresh C names ({@code v3_s_v}),
 * so that the IR's shadowing ({@code let x = x + 1} reads the outer x) keeps its meaning in C.
 *
 * <p>How a thread adds to shared state depends on its {@link Effects}: in a sequential body (one
 * thread, the interpreter's order) an emit appends and a sum adds in place; in a parallel body of
 * deterministic mode an emit raises the neuron's flag, which an ordered compaction turns into the
 * spike list in index order, the interpreter's order; in fast mode an emit appends at an atomic
 * position and sums (`x[j] = x[j] + v`, queued spikes) are atomic additions.
 */
final class CudaStatements implements KStmt.Visitor<Void, CudaStatements.Scope> {
  /** How a body writes what several threads may share. */
  enum Effects { SEQUENTIAL, FLAGS, ATOMIC }

  private final CudaLayout layout;
  private final Effects effects;
  private final StringBuilder out = new StringBuilder();
  private int depth;
  private int fresh;

  CudaStatements(CudaLayout layout, Effects effects, int indent) {
    this.layout = layout;
    this.effects = effects;
    this.depth = indent;
  }

  /** Names in scope: IR local to C name; buffers through the layout. */
  final class Scope implements CudaExpressions.Names {
    final Scope parent;
    final Map<String, String> names = new HashMap<>();

    Scope(Scope parent) {
      this.parent = parent;
    }

    @Override
    public String local(String name) {
      for (Scope s = this; s != null; s = s.parent) {
        String c = s.names.get(name);
        if (c != null) return c;
      }
      throw new IllegalStateException("not in a verified kernel program: local " + name + " is not in scope");
    }

    @Override
    public String buffer(String name) {
      return "m." + layout.buffer(name);
    }

    /** Declares {@code name} in this scope under a fresh C name, which it returns. */
    String declare(String name) {
      String c = "v" + (fresh++) + "_" + name.replaceAll("[^A-Za-z0-9_]", "_");
      names.put(name, c);
      return c;
    }
  }

  Scope root() {
    return new Scope(null);
  }

  String text() {
    return out.toString();
  }

  void line(String s) {
    out.append("  ".repeat(depth)).append(s).append('\n');
  }

  void block(List<KStmt> body, Scope parent) {
    statements(body, new Scope(parent));
  }

  /** The statements in {@code scope} itself: their lets stay visible to what follows. */
  void statements(List<KStmt> body, Scope scope) {
    for (KStmt s : body) s.accept(this, scope);
  }

  private String e(KExpr x, Scope s) {
    return CudaExpressions.emit(x, s);
  }

  private String idx(KExpr x, Scope s) {
    return CudaExpressions.index(x, s);
  }

  @Override
  public Void visitLet(KStmt.Let let, Scope scope) {
    // The value first: `let x = x + 1` reads the outer x.
    String value = e(let.value(), scope);
    line("[[maybe_unused]] const " + CudaExpressions.ctype(let.value().type()) + " " + scope.declare(let.name()) + " = " + value + ";");
    return null;
  }

  @Override
  public Void visitStore(KStmt.Store st, Scope scope) {
    String target = "m." + layout.buffer(st.buffer());
    String i = idx(st.index(), scope);
    if (effects == Effects.ATOMIC) {
      KExpr added = Accumulation.addend(st);
      if (added != null) {
        line("atomicAdd(&" + target + "[" + i + "], " + e(added, scope) + ");");
        return null;
      }
    }
    line(target + "[" + i + "] = " + e(st.value(), scope) + ";");
    return null;
  }

  @Override
  public Void visitIf(KStmt.If iff, Scope scope) {
    line("if (" + e(iff.condition(), scope) + ") {");
    depth++;
    block(iff.then(), scope);
    depth--;
    if (!iff.otherwise().isEmpty()) {
      line("} else {");
      depth++;
      block(iff.otherwise(), scope);
      depth--;
    }
    line("}");
    return null;
  }

  @Override
  public Void visitForRange(KStmt.ForRange r, Scope scope) {
    // The end is evaluated before the start, as the interpreter does.
    int n = fresh++;
    String end = "const int32_t e" + n + " = " + idx(r.end(), scope) + ";";
    Scope inner = new Scope(scope);
    String v = inner.declare(r.var());
    loop(end, "int32_t " + v + " = " + idx(r.start(), scope) + "; " + v + " < e" + n + "; " + v + "++", List.of(),
        r.body(), inner);
    return null;
  }

  @Override
  public Void visitForSpikes(KStmt.ForSpikes fs, Scope scope) {
    String set = "m." + layout.set(fs.spikeSet());
    int n = fresh++;
    Scope inner = new Scope(scope);
    // The count is read once: spikes the body emits are not visited.
    loop("const int32_t n" + n + " = *" + set + "_count;", "int32_t k" + n + " = 0; k" + n + " < n" + n + "; k" + n + "++",
        List.of("[[maybe_unused]] const int32_t " + inner.declare(fs.var()) + " = " + set + "_idx[k" + n + "];"),
        fs.body(), inner);
    return null;
  }

  @Override
  public Void visitForTargets(KStmt.ForTargets ft, Scope scope) {
    String c = "m." + layout.connection(ft.connection());
    boolean procedural = layout.conn(ft.connection()).format() == KernelProgram.Format.PROCEDURAL;
    int n = fresh++;
    String pre = "const int32_t p" + n + " = " + idx(ft.pre(), scope) + ";";
    Scope inner = new Scope(scope);
    loop(pre, "int32_t s" + n + " = " + c + "_ptr[p" + n + "], e" + n + " = " + c + "_ptr[p" + n + " + 1]; s" + n
        + " < e" + n + "; s" + n + "++",
        List.of("[[maybe_unused]] const int32_t " + inner.declare(ft.post()) + " = " + c + "_cols[s" + n + "];",
            // A procedural connection keeps no synapses: there is no index into per-synapse buffers.
            "[[maybe_unused]] const int32_t " + inner.declare(ft.synapse()) + " = " + (procedural ? "-1" : "s" + n) + ";"),
        ft.body(), inner);
    return null;
  }

  @Override
  public Void visitForSources(KStmt.ForSources fs, Scope scope) {
    String c = "m." + layout.connection(fs.connection());
    int n = fresh++;
    String post = "const int32_t j" + n + " = " + idx(fs.post(), scope) + ";";
    Scope inner = new Scope(scope);
    loop(post, "int32_t r" + n + " = " + c + "_rptr[j" + n + "], e" + n + " = " + c + "_rptr[j" + n + " + 1]; r" + n
        + " < e" + n + "; r" + n + "++",
        List.of("[[maybe_unused]] const int32_t " + inner.declare(fs.pre()) + " = " + c + "_rpre[r" + n + "];",
            "[[maybe_unused]] const int32_t " + inner.declare(fs.synapse()) + " = " + c + "_rsyn[r" + n + "];"),
        fs.body(), inner);
    return null;
  }

  /**
   * {@code { PRELUDE for (HEADER) { BINDINGS BODY } }}: a loop in a block of its own, so that the
   * bound its prelude reads once stays local to it.
   */
  private void loop(String prelude, String header, List<String> bindings, List<KStmt> body, Scope inner) {
    line("{");
    depth++;
    line(prelude);
    line("for (" + header + ") {");
    depth++;
    for (String b : bindings) line(b);
    block(body, inner);
    depth--;
    line("}");
    depth--;
    line("}");
  }

  @Override
  public Void visitEmit(KStmt.Emit em, Scope scope) {
    String set = "m." + layout.set(em.spikeSet());
    String i = idx(em.index(), scope);
    switch (effects) {
      case SEQUENTIAL -> line(set + "_idx[(*" + set + "_count)++] = " + i + ";");
      case FLAGS -> line(set + "_flag[" + i + "] = 1;");
      case ATOMIC -> line(set + "_idx[atomicAdd(" + set + "_count, 1)] = " + i + ";");
    }
    return null;
  }

  @Override
  public Void visitEnqueue(KStmt.Enqueue eq, Scope scope) {
    KernelProgram.DelayQueue q = layout.delayQueue(eq.queue());
    String f = "m." + layout.queue(eq.queue());
    int size = layout.program.buffers().get(layout.bufferIndex(q.target())).extent() instanceof KernelProgram.Extent.Fixed x
        ? x.size() : -1;
    int n = fresh++;
    String delay = e(eq.delay(), scope);
    if (eq.delay().type() != Scalar.I64) delay = "((int64_t)" + delay + ")";
    line("{");
    depth++;
    // Delays below 1 count as 1: no spike acts within the step that emitted it.
    line("const int64_t d" + n + " = " + delay + ";");
    line("int32_t slot" + n + " = " + f + "_head + (d" + n + " < 1 ? 1 : (int32_t)d" + n + ");");
    line("if (slot" + n + " > " + q.maxDelay() + ") slot" + n + " -= " + (q.maxDelay() + 1) + ";");
    String at = f + "[(int64_t)slot" + n + " * " + size + " + " + idx(eq.index(), scope) + "]";
    String v = e(eq.value(), scope);
    if (effects == Effects.ATOMIC) line("atomicAdd(&" + at + ", " + v + ");");
    else line(at + " += " + v + ";");
    depth--;
    line("}");
    return null;
  }

  @Override
  public Void visitDrain(KStmt.Drain dr, Scope scope) {
    KernelProgram.DelayQueue q = layout.delayQueue(dr.queue());
    String f = "m." + layout.queue(dr.queue());
    String t = "m." + layout.buffer(q.target());
    int size = ((KernelProgram.Extent.Fixed) layout.declaration(q.target()).extent()).size();
    int n = fresh++;
    line("for (int32_t i" + n + " = 0; i" + n + " < " + size + "; i" + n + "++) {");
    line("  " + t + "[i" + n + "] += " + f + "[(int64_t)" + f + "_head * " + size + " + i" + n + "];");
    line("  " + f + "[(int64_t)" + f + "_head * " + size + " + i" + n + "] = 0;");
    line("}");
    return null;
  }
}
