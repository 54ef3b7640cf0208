package brainc.compiler.passes;

import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.verify.KernelVerifier;
import brainc.ir.model.IrModule;
import brainc.ir.tensor.TensorProgram;
import brainc.ir.tensor.TensorVerifier;
import brainc.ir.verify.IrVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A declared list of passes from IR {@code I} to IR {@code O}, and the one loop that runs any
 * of them: each pass runs, is timed (into {@link PassContext#timings()}), its output is
 * verified (a failure is a compiler bug, named after the pass) and handed to an observer, which
 * is how {@code --dump-ir=after:NAME} works. Lists are immutable; {@link #then} makes a longer
 * one, checked for types at compile time.
 */
public final class PassManager<I, O> {
  private final List<Pass<?, ?>> passes;

  private PassManager(List<Pass<?, ?>> passes) {
    this.passes = List.copyOf(passes);
  }

  /** The empty list, whose input is its output. */
  public static <T> PassManager<T, T> start() {
    return new PassManager<>(List.of());
  }

  /** This list followed by {@code next}. */
  public <P> PassManager<I, P> then(Pass<? super O, ? extends P> next) {
    List<Pass<?, ?>> longer = new ArrayList<>(passes);
    longer.add(next);
    return new PassManager<>(longer);
  }

  /** The passes' names, in order. */
  public List<String> names() {
    return passes.stream().<String>map(Pass::name).toList();
  }

  /** Runs every pass on {@code input}; {@code observer} sees the IR after each, once it is verified. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public O run(I input, PassContext cx, BiConsumer<String, Object> observer) {
    Object ir = input;
    for (Pass p : passes) {
      long start = System.nanoTime();
      ir = p.run(ir, cx);
      cx.timed(p.name(), System.nanoTime() - start);
      verify(p.name(), ir);
      observer.accept(p.name(), ir);
    }
    return (O) ir;
  }

  /** The verifier of each level of IR, after every pass. */
  private static void verify(String pass, Object ir) {
    List<String> problems;
    String level;
    if (ir instanceof IrModule m) {
      problems = IrVerifier.verify(m);
      level = "model";
    } else if (ir instanceof KernelProgram k) {
      problems = KernelVerifier.verify(k);
      level = "kernel";
    } else if (ir instanceof TensorProgram t) {
      problems = TensorVerifier.verify(t);
      level = "training";
    } else if (ir instanceof brainc.codegen.nir.NirGraph g) {
      problems = g.problems();
      level = "NIR";
    } else {
      throw new IllegalStateException("after " + pass + ", no verifier knows " + ir.getClass().getSimpleName());
    }
    if (!problems.isEmpty()) throw new IllegalStateException("after " + pass + ", the " + level + " IR is invalid: " + problems);
  }
}
