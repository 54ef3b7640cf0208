package brainc.compiler.passes;

import brainc.ir.tensor.TOp;
import brainc.ir.tensor.Tensor;
import brainc.ir.tensor.TensorProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A program of several steps as one step that holds them all, for {@link FlattenGradient} (which
 * flattens single-step gradients only): copy {@code t} of the forward step names its tensors
 * {@code X@t}, and where it reads a state it reads the tensor the state took at the end of step
 * {@code t - 1} (copy 0 reads the state, which still holds its initial value); each state takes
 * its last copy's next. Differentiated, the unrolled program's backward step is
 * backpropagation through time written out, and so is its flattened gradient.
 *
 * <p>Only inputs that are the same at every step are unrolled ({@code direct}): an encoder that
 * draws or reads per step depends on the executor's step counter, which the unrolled program
 * has no more.
 */
public final class UnrollSteps implements TensorPass {
  @Override
  public String name() {
    return "unroll-steps";
  }

  @Override
  public TensorProgram run(TensorProgram in) {
    if (in.differentiated()) throw new IllegalArgumentException("unroll the steps before differentiate, not after");
    if (in.steps() == 1) return in;
    for (TOp op : in.forward()) {
      if (op instanceof TOp.Encode e && !e.kind().equals("direct")) {
        throw new IllegalArgumentException("input " + e.out() + " is encoded by " + e.kind() + ", which differs from step to"
            + " step: only direct inputs are unrolled");
      }
    }
    Map<String, Tensor> tensors = in.tensorMap();
    Map<String, String> next = new java.util.HashMap<>();
    for (TensorProgram.State s : in.states()) next.put(s.name(), s.next());
    List<Tensor> declared = new ArrayList<>();
    for (Tensor t : in.tensors()) if (!copied(t)) declared.add(t);
    List<TOp> ops = new ArrayList<>();
    for (TOp op : in.forward()) if (op instanceof TOp.Encode) ops.add(op);
    for (int t = 0; t < in.steps(); t++) {
      for (Tensor x : in.tensors()) {
        if (copied(x)) declared.add(new Tensor(x.name() + "@" + t, x.role(), x.shape()));
      }
      int step = t;
      for (TOp op : in.forward()) {
        if (!(op instanceof TOp.Encode)) ops.add(Renaming.op(op, n -> at(n, step, tensors, next)));
      }
    }
    List<TensorProgram.State> states = new ArrayList<>();
    for (TensorProgram.State s : in.states()) {
      states.add(new TensorProgram.State(s.name(), s.initial(), at(s.next(), in.steps() - 1, tensors, next)));
    }
    return new TensorProgram(in.network(), 1, declared, states, ops, in.outputs(), List.of(), List.of(), in.tables());
  }

  /** Whether each step has its own copy of {@code t}: the values it computes. */
  private static boolean copied(Tensor t) {
    return t.role() == Tensor.Role.VALUE;
  }

  /** The name in copy {@code t} of the tensor {@code name} of the step. */
  private static String at(String name, int t, Map<String, Tensor> tensors, Map<String, String> next) {
    Tensor x = tensors.get(name);
    if (x == null) return name;
    if (x.role() == Tensor.Role.STATE) return t == 0 ? name : at(next.get(name), t - 1, tensors, next);
    return copied(x) ? name + "@" + t : name;
  }
}
