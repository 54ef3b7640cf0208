package brainc.compiler.passes;

import static brainc.compiler.passes.ScheduleTraining.notYet;

import brainc.compiler.spec.EncoderSpec;
import brainc.compiler.spec.Specs;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.Assign;
import brainc.ir.model.Binary;
import brainc.ir.model.BinaryOp;
import brainc.ir.model.BoolConst;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Decl;
import brainc.ir.model.DeltaKernel;
import brainc.ir.model.Expr;
import brainc.ir.model.InputGroup;
import brainc.ir.model.InputPort;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.model.NeuronModel;
import brainc.ir.model.Origin;
import brainc.ir.model.Output;
import brainc.ir.model.Population;
import brainc.ir.model.Projection;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.SpikeRule;
import brainc.ir.model.StateVar;
import brainc.ir.model.StepUpdate;
import brainc.ir.model.Stmt;
import brainc.ir.model.TrainSpec;
import brainc.ir.model.Unary;
import brainc.ir.model.UnaryOp;
import brainc.ir.rewrite.ConstantFolding;
import brainc.ir.rewrite.Rewrite;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the training lowering cannot lower yet (W1020 cannot-train-yet, and E1020 for an encoder
 * without a number of steps), found on the model IR of a network trained on a dataset before any
 * lowering: the network walked in {@link ScheduleTraining}'s order — its input's encoder, its
 * projections (dense, no delay, no synapse model, a delta kernel, no weight), the order of its
 * populations (a cycle through other populations), each population in that order (its model's
 * shape, initial values, input ports and their sources, step updates, spike condition, surrogate
 * and reset), then its outputs — so that the first construct it reports is the one the lowering
 * would meet first, at the same source range, with the same message. {@link TrainCheck} reports
 * it; the lowering's own refusals are then compiler bugs ({@link TrainPipeline#compile}).
 *
 * <pre>
 *   connect x -> h dense delay 1 ms
 *   → warning[W1020] at the projection: connection x -> h has a delay; training does not implement this yet
 * </pre>
 *
 * <p>Keep it in step with {@link ScheduleTraining}: a condition the lowering refuses goes here
 * too, at the same point of the walk, with the same message ({@code TrainLegalityTest} lowers
 * every model of the corpus that either refuses and compares the two).
 */
final class TrainLegality {
  private final IrModule module;
  private final Network net;

  private TrainLegality(IrModule module, Network net) {
    this.module = module;
    this.net = net;
  }

  /**
   * The first construct of {@code net} (trained on a dataset by {@code t}, and whose shape
   * {@link TrainCheck#datasetShape} passed) that the training lowering cannot lower yet, as its
   * diagnostic; none when it lowers.
   */
  static Optional<Diagnostic> check(IrModule module, Network net, TrainSpec t) {
    if (TrainCheck.datasetShape(net).isPresent()) {
      throw new IllegalStateException("unchecked (TrainCheck.datasetShape): " + TrainCheck.datasetShape(net).get().message());
    }
    try {
      new TrainLegality(module, net).walk();
      return Optional.empty();
    } catch (Refusal e) {
      return Optional.of(TrainCheck.diagnostic(e, t));
    }
  }

  private void walk() {
    InputGroup in = net.inputs().get(0);
    at(in.origin(), () -> encoder(in));
    for (Projection p : net.projections()) at(p.origin(), () -> ScheduleTraining.checkProjection(p));
    for (Population p : ScheduleTraining.topologicalOrder(net)) at(p.origin(), () -> population(p));
    for (Output o : net.outputs()) at(o.origin(), () -> output(o));
  }

  /** Runs {@code step}, placing what it refuses at {@code where} unless it has a place (as the lowering does). */
  private static void at(Origin where, Runnable step) {
    try {
      step.run();
    } catch (Refusal e) {
      throw e.at(where);
    }
  }

  /**
   * Training needs the encoder's number of steps. The encoders that have one are exactly those
   * whose arguments the lowering knows, so its refusal of any other encoder is never reached.
   */
  private static void encoder(InputGroup in) {
    EncoderSpec spec = Specs.encoder(in.encoder());
    int n = 0;
    if (spec instanceof EncoderSpec.Poisson x) n = x.steps();
    if (spec instanceof EncoderSpec.Bernoulli x) n = x.steps();
    if (spec instanceof EncoderSpec.Latency x) n = x.steps();
    if (spec instanceof EncoderSpec.Direct x) n = x.steps();
    if (spec instanceof EncoderSpec.Rows x) n = x.steps();
    if (n < 1) {
      throw new Refusal(Code.E1020, in.origin(), "encoder `" + in.encoder().kind() + "` of input `" + in.name()
          + "` has no number of steps (give it `steps = N`) for training on a dataset");
    }
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
    for (StateVar s : m.states()) constant(substituteParams(s.initial(), params), "initial value of " + s.name());
    for (InputPort port : m.inputs()) {
      if (!(port.kernel() instanceof DeltaKernel)) throw notYet(what + ": input `" + port.name() + "` is not a delta port");
      for (Projection x : net.projections()) {
        if (!x.target().equals(p.name()) || !x.targetPort().equals(port.name())) continue;
        String src = x.source().contains(".") ? x.source().substring(0, x.source().indexOf('.')) : x.source();
        boolean known = net.inputs().stream().anyMatch(g -> g.name().equals(src))
            || net.populations().stream().anyMatch(q -> q.name().equals(src));
        if (!known) throw notYet("source `" + x.source() + "` of a dense connection");
      }
    }
    Equations eq = new Equations(params, m.inputs().stream().map(InputPort::name).collect(Collectors.toSet()),
        m.states().stream().map(StateVar::name).collect(Collectors.toSet()), what);
    for (StepUpdate s : m.steps()) eq.check(s.value());
    Expr cond = rule.condition();
    if (!(cond instanceof Binary b) || (b.op() != BinaryOp.GT && b.op() != BinaryOp.GE)) {
      throw notYet(what + ": a spike condition other than `a > b` or `a >= b`");
    }
    eq.check(b.left());
    eq.check(b.right());
    rule.surrogate().filter(s -> !s.settings().isEmpty())
        .ifPresent(s -> constant(s.settings().get(0).value(), "surrogate parameter"));
    for (Stmt st : rule.reset()) {
      if (!(st instanceof Assign a) || a.targetKind() != RefKind.STATE) {
        throw notYet(what + ": a reset other than assignments to states");
      }
      eq.check(a.value());
    }
  }

  private void output(Output o) {
    if (!(o.readout() instanceof Call c) || c.args().size() != 1 || !(c.args().get(0) instanceof Ref r) || r.kind() != RefKind.POPULATION) {
      throw notYet("output `" + o.name() + "`: only spike_count(pop) and membrane(pop) are trained");
    }
    if (!c.function().equals("spike_count") && !c.function().equals("membrane")) {
      throw notYet("output `" + o.name() + "`: readout `" + c.function() + "` cannot be trained yet (spike_count and membrane can)");
    }
  }

  private static Expr substituteParams(Expr e, Map<String, Expr> params) {
    return ConstantFolding.fold(Rewrite.substitute(e, RefKind.PARAM, params));
  }

  private static void constant(Expr e, String what) {
    Expr f = ConstantFolding.fold(e);
    if (!(f instanceof Const) && !(f instanceof BoolConst)) throw notYet(what + " is not a constant");
  }

  /**
   * The model's expressions that the lowering turns into elementwise tensor expressions: after
   * its parameters are substituted and folded, only constants, its states, its input ports,
   * negation and the four arithmetic operations (left operand first, as the lowering meets them).
   */
  private record Equations(Map<String, Expr> params, Set<String> ports, Set<String> states, String what) {
    void check(Expr e) {
      go(ConstantFolding.fold(substituteParams(e, params)));
    }

    private void go(Expr e) {
      if (e instanceof Const) return;
      if (e instanceof Ref r) {
        if (r.kind() == RefKind.STATE && states.contains(r.name())) return;
        if (r.kind() == RefKind.INPUT && ports.contains(r.name())) return;
        throw notYet(what + ": `" + r.name() + "` in a trained equation");
      }
      if (e instanceof Unary u && u.op() == UnaryOp.NEG) {
        go(u.operand());
        return;
      }
      if (e instanceof Binary b && switch (b.op()) {
        case ADD, SUB, MUL, DIV -> true;
        default -> false;
      }) {
        go(b.left());
        go(b.right());
        return;
      }
      throw notYet(what + ": an expression the training backend cannot differentiate yet");
    }
  }
}
