package brainc.ir.tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A network's training step. {@code forward} runs once per time step for {@code steps} steps;
 * at the end of each step every state takes the value of its {@code next} tensor. {@code
 * outputs} name the states read out after the last step (a loss reads them). {@code tables}
 * are the constant index tables that gathers and scatter-adds pick by.
 *
 * <p>After {@code differentiate}, {@code backward} runs once per step in reverse time. In it a
 * forward tensor's name means its value in that step (the executor keeps the {@code saved}
 * ones), {@code d.X} is the adjoint of {@code X}, and for each state {@code S} the step starts
 * with {@code d.S} (the adjoint of the state at the step's end) and leaves {@code dprev.S}
 * (the adjoint at its start), which becomes {@code d.S} of the step before. {@code d.W} of each
 * parameter accumulates over all steps.
 */
public record TensorProgram(
    String network,
    int steps,
    List<Tensor> tensors,
    List<State> states,
    List<TOp> forward,
    List<Output> outputs,
    List<TOp> backward,
    List<String> saved,
    List<Table> tables) {
  /** A state: its initial value and the tensor it takes at the end of each step. */
  public record State(String name, double initial, String next) {
    public State {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(next, "next");
    }
  }

  /** A named readout: the value of a state after the last step. */
  public record Output(String name, String state, String kind) {
    public Output {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /**
   * A constant table of indices that {@link TOp.Gather} and {@link TOp.ScatterAdd} pick by: its
   * shape (named axes, no batch) and its entries, row-major. Whether the entries are in bounds
   * of the axis an operation picks along is the verifier's to say.
   */
  public record Table(String name, Shape shape, List<Integer> indices) {
    public Table {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(shape, "shape");
      indices = List.copyOf(indices);
      if (name.isEmpty()) throw new IllegalArgumentException("empty table name");
      if (!shape.hasBatch() && indices.size() != shape.perSample()) {
        throw new IllegalArgumentException("table " + name + " " + shape + " holds " + shape.perSample() + " indices, not "
            + indices.size());
      }
    }
  }

  /** A program without index tables. */
  public TensorProgram(String network, int steps, List<Tensor> tensors, List<State> states, List<TOp> forward,
      List<Output> outputs, List<TOp> backward, List<String> saved) {
    this(network, steps, tensors, states, forward, outputs, backward, saved, List.of());
  }

  public TensorProgram {
    Objects.requireNonNull(network, "network");
    if (steps < 1) throw new IllegalArgumentException("a training program needs at least one step, got " + steps);
    tensors = List.copyOf(tensors);
    states = List.copyOf(states);
    forward = List.copyOf(forward);
    outputs = List.copyOf(outputs);
    backward = List.copyOf(backward);
    saved = List.copyOf(saved);
    tables = List.copyOf(tables);
  }

  /** The index table named {@code name}. */
  public Optional<Table> table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The tensor named {@code name}. */
  public Optional<Tensor> tensor(String name) {
    return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** Tensors by name, in declaration order. */
  public java.util.Map<String, Tensor> tensorMap() {
    java.util.Map<String, Tensor> m = new LinkedHashMap<>();
    for (Tensor t : tensors) m.put(t.name(), t);
    return m;
  }

  /** The trainable parameters, in declaration order. */
  public List<Tensor> params() {
    return tensors.stream().filter(Tensor::isParam).toList();
  }

  /** Whether {@code differentiate} has run. */
  public boolean differentiated() {
    return !backward.isEmpty();
  }

  /** The name of the adjoint of {@code tensor}. */
  public static String grad(String tensor) {
    return "d." + tensor;
  }

  /** The name of the adjoint of state {@code state} at the start of a step. */
  public static String gradPrev(String state) {
    return "dprev." + state;
  }

  /** A copy with a backward step. */
  public TensorProgram withBackward(List<Tensor> allTensors, List<TOp> backwardOps, List<String> savedTensors) {
    return new TensorProgram(network, steps, allTensors, states, forward, outputs, backwardOps, savedTensors, tables);
  }

  /** A copy with another forward step (for passes that rewrite it). */
  public TensorProgram withForward(List<TOp> forwardOps) {
    return new TensorProgram(network, steps, tensors, states, forwardOps, outputs, backward, saved, tables);
  }
}
