package brainc.compiler.passes;

import brainc.ir.tensor.TExpr;
import brainc.ir.tensor.TOp;
import brainc.ir.tensor.TensorProgram;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Marks the dense layers whose input holds only 0 and 1 (an encoder's spikes, or a {@code
 * step}), so that backends may gather the weight rows of the inputs that spiked and scatter
 * gradients into them instead of multiplying by a dense matrix.
 *
 * <pre>
 *   h1.spike = step[atan 2](...); h2.I = dense(h1.spike, h2.weight, h2.bias)
 *   ⇒ h2.I = dense(h1.spike, h2.weight, h2.bias) binary-input
 * </pre>
 */
public final class MarkBinaryInputs implements TensorPass {
  @Override
  public String name() {
    return "mark-binary-inputs";
  }

  @Override
  public TensorProgram run(TensorProgram in) {
    Set<String> binary = new HashSet<>();
    List<TOp> out = new ArrayList<>();
    boolean changed = false;
    // A state that starts at 0 and takes a spike after every step (a layer's previous spikes,
    // read by its recurrent connection) holds only 0 and 1 too.
    Set<String> spikes = new HashSet<>();
    for (TOp op : in.forward()) if (op instanceof TOp.Map m && m.expr() instanceof TExpr.Step) spikes.add(m.out());
    for (TensorProgram.State st : in.states()) if (st.initial() == 0 && spikes.contains(st.next())) binary.add(st.name());
    for (TOp op : in.forward()) {
      if (op instanceof TOp.Encode e && e.binary()) binary.add(e.out());
      if (op instanceof TOp.Map m && m.expr() instanceof TExpr.Step) binary.add(m.out());
      if (op instanceof TOp.Dense d && !d.binaryInput() && binary.contains(d.in())) {
        out.add(new TOp.Dense(d.out(), d.in(), d.weight(), d.bias(), true));
        changed = true;
      } else {
        out.add(op);
      }
    }
    return changed ? in.withForward(out) : in;
  }
}
