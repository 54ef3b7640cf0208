package brainc.runtime.learn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A gradient-descent optimizer over named float parameters, with its state (moments, momentum
 * buffers, step count) exposed for checkpoints. Semantics follow PyTorch's {@code torch.optim}:
 * weight decay is added to the gradient ({@code g + wd * p}, L2 regularisation).
 */
public abstract class Optimizer {
  protected final Map<String, float[][]> state = new LinkedHashMap<>();
  protected long steps;

  /** Applies one update to every parameter with learning rate {@code lr}. */
  public final void step(Map<String, float[]> params, Map<String, float[]> grads, double lr) {
    steps++;
    for (Map.Entry<String, float[]> e : params.entrySet()) {
      float[] p = e.getValue();
      float[][] s = state.computeIfAbsent(e.getKey(), k -> newState(p.length));
      update(p, grads.get(e.getKey()), s, lr);
    }
  }

  protected abstract float[][] newState(int n);

  protected abstract void update(float[] p, float[] g, float[][] s, double lr);

  /** Updates applied so far. */
  public long steps() {
    return steps;
  }

  /** The per-parameter state arrays, by parameter name (live, for checkpoints). */
  public Map<String, float[][]> state() {
    return state;
  }

  /** Restores the step count (the arrays are restored through {@link #state()}). */
  public void restore(long stepCount, Map<String, float[][]> arrays) {
    steps = stepCount;
    state.clear();
    state.putAll(arrays);
  }

  /** How many state arrays each parameter has. */
  public abstract int stateArrays();

  /** Adam (Kingma and Ba 2015) with bias correction, as {@code torch.optim.Adam}. */
  public static Optimizer adam(double beta1, double beta2, double eps, double weightDecay) {
    return new Optimizer() {
      @Override
      protected float[][] newState(int n) {
        return new float[][] {new float[n], new float[n]};
      }

      @Override
      public int stateArrays() {
        return 2;
      }

      @Override
      protected void update(float[] p, float[] g, float[][] s, double lr) {
        float[] m = s[0];
        float[] v = s[1];
        double c1 = 1 - Math.pow(beta1, steps);
        double c2 = 1 - Math.pow(beta2, steps);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float step = (float) (lr / c1);
        float sc2 = (float) Math.sqrt(c2);
        float e = (float) eps;
        float wd = (float) weightDecay;
        for (int i = 0; i < p.length; i++) {
          float gi = g[i] + wd * p[i];
          m[i] = b1 * m[i] + (1 - b1) * gi;
          v[i] = b2 * v[i] + (1 - b2) * gi * gi;
          p[i] -= step * m[i] / ((float) Math.sqrt(v[i]) / sc2 + e);
        }
      }
    };
  }

  /** SGD with momentum, as {@code torch.optim.SGD} (the buffer starts as the first gradient). */
  public static Optimizer sgd(double momentum, double weightDecay) {
    return new Optimizer() {
      @Override
      protected float[][] newState(int n) {
        return new float[][] {new float[n]};
      }

      @Override
      public int stateArrays() {
        return 1;
      }

      @Override
      protected void update(float[] p, float[] g, float[][] s, double lr) {
        float[] buf = s[0];
        float mu = (float) momentum;
        float wd = (float) weightDecay;
        float rate = (float) lr;
        for (int i = 0; i < p.length; i++) {
          float gi = g[i] + wd * p[i];
          buf[i] = momentum == 0 ? gi : steps == 1 ? gi : mu * buf[i] + gi;
          p[i] -= rate * buf[i];
        }
      }
    };
  }
}
