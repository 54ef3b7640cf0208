package brainc.compiler.passes;

import brainc.compiler.spec.EncoderSpec;
import brainc.compiler.spec.Specs;
import brainc.ir.diag.Code;
import brainc.ir.model.Assign;
import brainc.ir.model.Binary;
import brainc.ir.model.BinaryOp;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Decl;
import brainc.ir.model.Dense;
import brainc.ir.model.DeltaKernel;
import brainc.ir.model.Expr;
import brainc.ir.model.InputGroup;
import brainc.ir.model.InputPort;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.model.NeuronModel;
import brainc.ir.model.Output;
import brainc.ir.model.Population;
import brainc.ir.model.Projection;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.SpikeRule;
import brainc.ir.model.StateVar;
import brainc.ir.model.StepUpdate;
import brainc.ir.model.Stmt;
import brainc.ir.model.Unary;
import brainc.ir.model.UnaryOp;
import brainc.ir.rewrite.ConstantFolding;
import brainc.ir.rewrite.Rewrite;
import brainc.ir.tensor.TExpr;
import brainc.ir.tensor.TOp;
import brainc.ir.tensor.Tensor;
import brainc.ir.tensor.TensorProgram;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lowers a feed-forward network of discrete-time neurons (models with {@code step} updates and
 * a {@code spike when} rule, such as {@code Leaky}) to the forward step of a {@link
 * TensorProgram}: the input is encoded, each population in topological order sums its dense
 * projections into its input port, applies its model's step updates, its spike condition (a
 * {@code step} with the model's surrogate) and its reset (a {@code select} on the spike,
 * detached when {@code detachReset}), and {@code spike_count} outputs count spikes in a state.
 *
 * <pre>
 *   layer h1 = Leaky[800]; connect pixels -> h1 dense
 *   ⇒ h1.I = dense(pixels, h1.weight, h1.bias); h1.mem' = ((0.9 * h1.mem) + h1.I);
 *     h1.spike = step[atan 2]((h1.mem' - 1)); h1.mem'' = select(detach(h1.spike), (h1.mem' - 1), h1.mem')
 * </pre>
 *
 * <p>A connection from a layer to itself ({@code connect h -> h dense}, snnTorch's {@code
 * RLeaky}) reads the layer's spikes of the step before, kept in the state {@code h.spike@prev}:
 *
 * <pre>
 *   h.h.drive = dense(h.spike@prev, h.h.weight, h.h.bias); ... state h.spike@prev = 0 -> h.spike
 * </pre>
 *
 * <p>As in snnTorch, spikes cross every layer of the stack within the step that emits them (a
 * {@code run} delays them by one step); the model's step updates are simultaneous, its reset
 * statements sequential.
 */
public final class ScheduleTraining {
  private final IrModule module;
  private final Network net;
  private final boolean detachReset;
  private final List<Tensor> tensors = new ArrayList<>();
  private final List<TensorProgram.State> states = new ArrayList<>();
  private final List<TOp> ops = new ArrayList<>();
  private final Map<String, String> spikeOf = new HashMap<>();
  private final Map<String, Map<String, String>> finalStateOf = new HashMap<>();

  private ScheduleTraining(IrModule module, Network net, boolean detachReset) {
    this.module = module;
    this.net = net;
    this.detachReset = detachReset;
  }

  /**
   * The forward training step of {@code net}, whose shape {@link TrainCheck#datasetShape} passed;
   * a {@link Refusal} for a construct it cannot train yet, which {@link TrainLegality} reported
   * before lowering (so meeting one is a compiler bug, thrown by {@link TrainPipeline#compile}).
   */
  public static TensorProgram lower(IrModule module, Network net, boolean detachReset) {
    return new ScheduleTraining(module, net, detachReset).lower();
  }

  private TensorProgram lower() {
    if (TrainCheck.datasetShape(net).isPresent()) {
      throw new IllegalStateException("unchecked (TrainCheck.datasetShape): " + TrainCheck.datasetShape(net).get().message());
    }
    InputGroup in = net.inputs().get(0);
    tensors.add(new Tensor(in.name(), Tensor.Role.INPUT, in.size(), 0));
    int steps;
    try {
      EncoderSpec spec = Specs.encoder(in.encoder());
      steps = encoderSteps(in, spec);
      ops.add(new TOp.Encode(in.name(), spec.name(), encoderArgs(spec)));
    } catch (Refusal e) {
      throw e.at(in.origin());
    }
    for (Projection p : net.projections()) {
      try {
        checkProjection(p);
      } catch (Refusal e) {
        throw e.at(p.origin());
      }
    }
    for (Population p : topologicalOrder(net)) {
      try {
        population(p);
      } catch (Refusal e) {
        throw e.at(p.origin());
      }
    }
    List<TensorProgram.Output> outputs = new ArrayList<>();
    for (Output o : net.outputs()) {
      try {
        outputs.add(output(o));
      } catch (Refusal e) {
        throw e.at(o.origin());
      }
    }

    if (outputs.isEmpty()) throw new IllegalStateException("unchecked (TrainCheck): network `" + net.name() + "` has no output");
    return new TensorProgram(net.name(), steps, tensors, states, ops, outputs, List.of(), List.of());
  }

  /**
   * A construct the training backend does not implement yet (the model is valid). {@link
   * TrainLegality} finds each before lowering, in this class's order and with the same message:
   * a new refusal here goes there too ({@code TrainLegalityTest} compares the two).
   */
  static Refusal notYet(String message) {
    boolean said = message.contains("yet") || message.contains("remove it");
    return new Refusal(Code.W1020, null, message + (said ? "" : "; training does not implement this yet"));
  }

  /** The time steps a sample is shown for: the encoder's {@code steps}, which training needs. */
  private static int encoderSteps(InputGroup in, EncoderSpec spec) {
    int n = 0;
    if (spec instanceof EncoderSpec.Poisson x) n = x.steps();
    if (spec instanceof EncoderSpec.Bernoulli x) n = x.steps();
    if (spec instanceof EncoderSpec.Latency x) n = x.steps();
    if (spec instanceof EncoderSpec.Direct x) n = x.steps();
    if (spec instanceof EncoderSpec.Rows x) n = x.steps();
    if (n >= 1) return n;
    throw new Refusal(Code.E1020, in.origin(), "encoder `" + in.encoder().kind() + "` of input `" + in.name()
        + "` has no number of steps (give it `steps = N`) for training on a dataset");
  }

  /** The encode operation's arguments: the spec's settings in catalog order, as {@code Encoders} reads them. */
  private static List<Double> encoderArgs(EncoderSpec spec) {
    if (spec instanceof EncoderSpec.Poisson x) return List.of(x.max(), (double) x.steps());
    if (spec instanceof EncoderSpec.Bernoulli x) return List.of((double) x.steps(), x.gain());
    if (spec instanceof EncoderSpec.Latency x) return List.of(x.tau(), x.threshold(), (double) x.steps());
    if (spec instanceof EncoderSpec.Direct x) return List.of((double) x.steps());
    if (spec instanceof EncoderSpec.Rows x) return List.of((double) x.steps(), x.spikes() ? 1.0 : 0.0);
    throw notYet("encoder `" + spec.name() + "`");
  }

  static void checkProjection(Projection p) {
    String what = "connection " + p.source() + " -> " + p.target();
    if (!(p.connectivity() instanceof Dense)) throw notYet(what + " is not `dense`: only dense connections are trained");
    if (p.delay().isPresent()) throw notYet(what + " has a delay");
    if (p.synapse().isPresent()) throw notYet(what + " has a synapse model");
    if (!(p.kernel() instanceof DeltaKernel)) throw notYet(what + " has a synaptic kernel other than delta");
    if (!(ConstantFolding.fold(p.weight()) instanceof Const c) || c.value() != 1.0) {
      throw notYet(what + " sets a `weight`: a trained dense connection starts from nn.Linear's"
          + " initialisation instead; remove it");
    }
  }

  /** The populations in the order the lowering builds them; a cycle through other populations is refused. */
  static List<Population> topologicalOrder(Network net) {
    List<Population> order = new ArrayList<>();
    List<String> done = new ArrayList<>();
    done.add(net.inputs().get(0).name());
    List<Population> left = new ArrayList<>(net.populations());
    while (!left.isEmpty()) {
      Population next = null;
      for (Population p : left) {
        boolean ready = net.projections().stream().filter(x -> x.target().equals(p.name()) && !recurrent(x))
            .allMatch(x -> done.contains(x.source()));
        if (ready) {
          next = p;
          break;
        }
      }
      if (next == null) {
        throw new Refusal(Code.W1020, left.get(0).origin(), "recurrent connections through other populations are not"
            + " trained on a dataset yet (population `" + left.get(0).name() + "` is in a cycle; a layer's connection to"
            + " itself is trained)");
      }
      order.add(next);
      done.add(next.name());
      left.remove(next);
    }
    return order;
  }

  /**
   * Whether {@code x} connects a population to itself (snnTorch's {@code RLeaky}): its dense
   * layer reads the spikes of the step before, a state, so it needs no order.
   */
  private static boolean recurrent(Projection x) {
    return x.source().equals(x.target());
  }

  /** The state that holds the spikes of {@code pop} of the step before (0 at the first step). */
  static String previousSpikes(String pop) {
    return pop + ".spike@prev";
  }

  private void population(Population p) {
    Decl d = module.find(p.model()).orElseThrow(() -> notYet("neuron model " + p.model() + " not found"));
    if (!(d instanceof NeuronModel m)) throw notYet("population `" + p.name() + "` is not made of neurons");
    String what = "neuron model `" + m.name() + "` of population `" + p.name() + "`";
    if (!m.odes().isEmpty()) throw notYet(what + " has differential equations; training needs discrete `step` updates");
    if (m.refractory().isPresent()) throw notYet(what + " has a refractory period");
    if (!m.lets().isEmpty()) throw notYet(what + " has `let` values");
    SpikeRule rule = m.spike().orElseThrow(() -> notYet(what + " never spikes"));
    for (brainc.ir.model.Setting s : p.initializers()) {
      if (m.inputs().stream().anyMatch(port -> port.name().equals(s.name()))) {
        throw notYet("population `" + p.name() + "` gives input port `" + s.name() + "` an initial value");
      }
    }
    Map<String, Expr> params = SpecializePopulations.paramValues(m, p);
    Map<String, String> current = new LinkedHashMap<>();
    for (StateVar s : m.states()) {
      String name = p.name() + "." + s.name();
      tensors.add(new Tensor(name, Tensor.Role.STATE, p.size(), 0));
      current.put(s.name(), name);
      states.add(new TensorProgram.State(name, constant(substituteParams(s.initial(), params), "initial value of " + s.name()), name));
    }
    String spike = p.name() + ".spike";
    if (net.projections().stream().anyMatch(x -> x.target().equals(p.name()) && recurrent(x))) {
      String prev = previousSpikes(p.name());
      tensors.add(new Tensor(prev, Tensor.Role.STATE, p.size(), 0));
      states.add(new TensorProgram.State(prev, 0, spike));
    }
    Map<String, String> ports = new LinkedHashMap<>();
    for (InputPort port : m.inputs()) {
      if (!(port.kernel() instanceof DeltaKernel)) throw notYet(what + ": input `" + port.name() + "` is not a delta port");
      ports.put(port.name(), drive(p, port.name()));
    }
    ExprLowering lower = new ExprLowering(params, ports, current, what);
    // Step updates are simultaneous: every one reads the state at the step's start.
    Map<String, String> updated = new LinkedHashMap<>(current);
    for (StepUpdate s : m.steps()) {
      String out = p.name() + "." + s.variable() + "'";
      value(out, p.size(), lower.lower(s.value()));
      updated.put(s.variable(), out);
    }
    current.putAll(updated);
    Expr cond = rule.condition();
    if (!(cond instanceof Binary b) || (b.op() != BinaryOp.GT && b.op() != BinaryOp.GE)) {
      throw notYet(what + ": a spike condition other than `a > b` or `a >= b`");
    }
    TExpr margin = new TExpr.Bin(TExpr.Op.SUB, lower.lower(b.left()), lower.lower(b.right()));
    value(spike, p.size(), new TExpr.Step(margin, b.op() == BinaryOp.GT, surrogate(rule, what)));
    spikeOf.put(p.name(), spike);
    TExpr spikeRef = detachReset ? new TExpr.Detach(new TExpr.Ref(spike)) : new TExpr.Ref(spike);
    for (Stmt st : rule.reset()) {
      if (!(st instanceof Assign a) || a.targetKind() != RefKind.STATE) {
        throw notYet(what + ": a reset other than assignments to states");
      }
      String out = p.name() + "." + a.target() + "''";
      value(out, p.size(), new TExpr.Select(spikeRef, lower.lower(a.value()), new TExpr.Ref(current.get(a.target()))));
      current.put(a.target(), out);
    }
    for (int i = 0; i < states.size(); i++) {
      TensorProgram.State s = states.get(i);
      if (s.name().startsWith(p.name() + ".") && !s.name().equals(previousSpikes(p.name()))) {
        String var = s.name().substring(p.name().length() + 1);
        states.set(i, new TensorProgram.State(s.name(), s.initial(), current.get(var)));
      }
    }
    finalStateOf.put(p.name(), current);
  }

  /** The tensor that holds the drive of {@code port}: one dense layer, the sum of several, or zero. */
  private String drive(Population p, String port) {
    List<Projection> in = net.projections().stream().filter(x -> x.target().equals(p.name()) && x.targetPort().equals(port)).toList();
    String out = p.name() + "." + port;
    List<String> parts = new ArrayList<>();
    for (Projection x : in) {
      String src = x.source().contains(".") ? x.source().substring(0, x.source().indexOf('.')) : x.source();
      int fanIn = net.inputs().stream().filter(g -> g.name().equals(src)).map(InputGroup::size).findFirst()
          .orElseGet(() -> net.populations().stream().filter(q -> q.name().equals(src)).findFirst()
              .orElseThrow(() -> notYet("source `" + x.source() + "` of a dense connection")).size());
      String prefix = in.size() == 1 ? p.name() : p.name() + "." + src;
      String w = prefix + ".weight";
      String b = prefix + ".bias";
      tensors.add(new Tensor(w, Tensor.Role.WEIGHT, p.size(), fanIn));
      tensors.add(new Tensor(b, Tensor.Role.BIAS, p.size(), 0));
      String srcTensor = recurrent(x) ? previousSpikes(src) : spikeOf.containsKey(src) ? spikeOf.get(src) : src;
      String target = in.size() == 1 ? out : prefix + ".drive";
      tensors.add(new Tensor(target, Tensor.Role.VALUE, p.size(), 0));
      ops.add(new TOp.Dense(target, srcTensor, w, Optional.of(b), false));
      parts.add(target);
    }
    if (in.size() == 1) return out;
    TExpr sum = new TExpr.Lit(0);
    for (String s : parts) sum = parts.indexOf(s) == 0 ? new TExpr.Ref(s) : new TExpr.Bin(TExpr.Op.ADD, sum, new TExpr.Ref(s));
    value(out, p.size(), sum);
    return out;
  }

  private void value(String name, int size, TExpr e) {
    tensors.add(new Tensor(name, Tensor.Role.VALUE, size, 0));
    ops.add(new TOp.Map(name, e));
  }

  private TensorProgram.Output output(Output o) {
    if (!(o.readout() instanceof Call c) || c.args().size() != 1 || !(c.args().get(0) instanceof Ref r) || r.kind() != RefKind.POPULATION) {
      throw notYet("output `" + o.name() + "`: only spike_count(pop) and membrane(pop) are trained");
    }
    String pop = r.name();
    int size = net.populations().stream().filter(q -> q.name().equals(pop)).findFirst().orElseThrow().size();
    switch (c.function()) {
      case "spike_count": {
        String count = pop + ".count";
        tensors.add(new Tensor(count, Tensor.Role.STATE, size, 0));
        value(count + "'", size, new TExpr.Bin(TExpr.Op.ADD, new TExpr.Ref(count), new TExpr.Ref(spikeOf.get(pop))));
        states.add(new TensorProgram.State(count, 0, count + "'"));
        return new TensorProgram.Output(o.name(), count, "spike_count");
      }
      case "membrane": {
        String first = finalStateOf.get(pop).keySet().iterator().next();
        return new TensorProgram.Output(o.name(), pop + "." + first, "membrane");
      }
      default:
        throw notYet("output `" + o.name() + "`: readout `" + c.function()
            + "` cannot be trained yet (spike_count and membrane can)");
    }
  }

  private static TExpr.Surrogate surrogate(SpikeRule rule, String what) {
    if (rule.surrogate().isEmpty()) return new TExpr.Surrogate("atan", 2.0);
    brainc.ir.model.Surrogate s = rule.surrogate().get();
    double k = s.settings().isEmpty() ? 0 : constant(s.settings().get(0).value(), "surrogate parameter");
    return new TExpr.Surrogate(s.kind(), k);
  }

  private static Expr substituteParams(Expr e, Map<String, Expr> params) {
    return ConstantFolding.fold(Rewrite.substitute(e, RefKind.PARAM, params));
  }

  private static double constant(Expr e, String what) {
    Expr f = ConstantFolding.fold(e);
    if (f instanceof Const c) return c.value();
    if (f instanceof brainc.ir.model.BoolConst b) return b.value() ? 1 : 0;
    throw notYet(what + " is not a constant");
  }

  /** Model expressions of a neuron to elementwise tensor expressions. */
  private static final class ExprLowering {
    private final Map<String, Expr> params;
    private final Map<String, String> ports;
    /** The tensor that holds each state variable now (shared with the caller, which updates it). */
    private final Map<String, String> live;
    private final String what;

    ExprLowering(Map<String, Expr> params, Map<String, String> ports, Map<String, String> live, String what) {
      this.params = params;
      this.ports = ports;
      this.live = live;
      this.what = what;
    }

    TExpr lower(Expr e) {
      Expr f = ConstantFolding.fold(substituteParams(e, params));
      return go(f);
    }

    private TExpr go(Expr e) {
      if (e instanceof Const c) return new TExpr.Lit(c.value());
      if (e instanceof Ref r) {
        if (r.kind() == RefKind.STATE && live.containsKey(r.name())) return new TExpr.Ref(live.get(r.name()));
        if (r.kind() == RefKind.INPUT && ports.containsKey(r.name())) return new TExpr.Ref(ports.get(r.name()));
        throw notYet(what + ": `" + r.name() + "` in a trained equation");
      }
      if (e instanceof Unary u && u.op() == UnaryOp.NEG) return new TExpr.Neg(go(u.operand()));
      if (e instanceof Binary b) {
        TExpr.Op op = switch (b.op()) {
          case ADD -> TExpr.Op.ADD;
          case SUB -> TExpr.Op.SUB;
          case MUL -> TExpr.Op.MUL;
          case DIV -> TExpr.Op.DIV;
          default -> null;
        };
        if (op != null) return new TExpr.Bin(op, go(b.left()), go(b.right()));
      }
      throw notYet(what + ": an expression the training backend cannot differentiate yet");
    }
  }
}
