package brainc.codegen.tensor;

import brainc.ir.tensor.Tensor;
import brainc.ir.tensor.TensorProgram;
import brainc.runtime.random.CounterRng;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainable parameters of a training program and their gradients, by name, in declaration
 * order. A weight is stored input-major, {@code [fanIn, size]} (element {@code i * size + o}
 * joins input {@code i} to output {@code o}); a bias is {@code [size]}.
 */
public final class ParamStore {
  /** The counter-RNG stream of weight initialisation. */
  public static final int INIT_STREAM = 0x494e;

  private final Map<String, float[]> values = new LinkedHashMap<>();
  private final Map<String, float[]> grads = new LinkedHashMap<>();
  private final Map<String, Tensor> tensors = new LinkedHashMap<>();

  private ParamStore() {}

  /**
   * Parameters initialised as PyTorch's {@code nn.Linear}: weights and biases uniform in
   * {@code ±1/sqrt(fanIn)}, where a bias takes the fan-in of the weight declared before it.
   */
  public static ParamStore initialise(TensorProgram p, long seed) {
    ParamStore s = new ParamStore();
    int fanIn = 1;
    int k = 0;
    for (Tensor t : p.params()) {
      if (t.role() == Tensor.Role.WEIGHT) fanIn = t.fanIn();
      float bound = (float) (1 / Math.sqrt(fanIn));
      float[] v = new float[t.elements()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (CounterRng.uniformFloat(seed, INIT_STREAM, k, i) * 2 - 1) * bound;
      }
      s.tensors.put(t.name(), t);
      s.values.put(t.name(), v);
      s.grads.put(t.name(), new float[v.length]);
      k++;
    }
    return s;
  }

  /** Parameter names, in declaration order. */
  public List<String> names() {
    return List.copyOf(values.keySet());
  }

  public Tensor tensor(String name) {
    return tensors.get(name);
  }

  /** The live values of a parameter (not a copy). */
  public float[] value(String name) {
    float[] v = values.get(name);
    if (v == null) throw new IllegalArgumentException("no parameter " + name);
    return v;
  }

  /** The live gradient of a parameter (not a copy). */
  public float[] grad(String name) {
    return grads.get(name);
  }

  public void zeroGrads() {
    for (float[] g : grads.values()) Arrays.fill(g, 0f);
  }

  /** The same parameter values (shared, not copied) with gradients of its own, starting at zero. */
  public ParamStore withOwnGrads() {
    ParamStore s = new ParamStore();
    for (String n : values.keySet()) {
      s.tensors.put(n, tensors.get(n));
      s.values.put(n, values.get(n));
      s.grads.put(n, new float[values.get(n).length]);
    }
    return s;
  }

  /** A deep copy (values only; gradients start at zero). */
  public ParamStore copy() {
    ParamStore s = new ParamStore();
    for (String n : values.keySet()) {
      s.tensors.put(n, tensors.get(n));
      s.values.put(n, values.get(n).clone());
      s.grads.put(n, new float[values.get(n).length]);
    }
    return s;
  }
}
