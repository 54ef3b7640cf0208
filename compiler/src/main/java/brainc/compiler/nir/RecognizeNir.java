package brainc.compiler.nir;

import brainc.codegen.Memory;
import brainc.codegen.nir.NirGraph;
import brainc.compiler.passes.KernelGroups;
import brainc.compiler.passes.Pass;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.Pipeline;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.diag.Related;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.InputGroup;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.model.NeuronModel;
import brainc.ir.model.Output;
import brainc.ir.model.Population;
import brainc.ir.model.Projection;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.RunSpec;
import brainc.ir.rewrite.ConstantFolding;
import brainc.runtime.sim.Connectivity;
import brainc.runtime.sim.Csr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code recognize-nir}: the specialised, folded model IR of one `run` statement's network as a
 * NIR graph. Each population becomes the neuron node its equations' form is ({@link NeuronForm}),
 * each input group an {@code Input} (its encoder stays on the host: W1110), the projections
 * between one source and one target with one delay one {@code Linear} node (summed, slices as
 * zero-padded blocks of the whole populations), a declared delay longer than the one step every
 * spike takes a {@code Delay} node, and each output an {@code Output}. The synapses are the ones
 * {@code run} draws: the kernel program's connections built by the runtime's {@link Connectivity}
 * with the statement's seed. Everything NIR cannot hold is reported at its construct, all at
 * once ({@link Refused}); warnings go to {@code notes}.
 */
public final class RecognizeNir implements Pass<IrModule, NirGraph> {
  /** The graph cannot be written; every reason, as errors. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> diagnostics;

    Refused(List<Diagnostic> diagnostics) {
      super(diagnostics.size() + " refusal(s)");
      this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
      return diagnostics;
    }
  }

  private final IrModule source;
  private final RunSpec run;
  private final NirOptions options;
  private final List<Diagnostic> notes;

  /** For {@code run} of {@code source} (the module as lowered); warnings are added to {@code notes}. */
  public RecognizeNir(IrModule source, RunSpec run, NirOptions options, List<Diagnostic> notes) {
    this.source = source;
    this.run = run;
    this.options = options;
    this.notes = notes;
  }

  @Override
  public String name() {
    return "recognize-nir";
  }

  @Override
  public NirGraph run(IrModule in, PassContext cx) {
    return plan(in).graph();
  }

  /**
   * What {@code run} refuses in {@code in} (specialised and folded), without drawing a synapse:
   * {@code brainc check --target nir}. Warnings go to {@code notes} as in {@code run}.
   */
  public List<Diagnostic> refusals(IrModule in) {
    try {
      plan(in);
      return List.of();
    } catch (Refused e) {
      return e.diagnostics();
    }
  }

  /** Everything recognised, ready to assemble; or {@link Refused} with every reason. */
  private Assembler plan(IrModule in) {
    Pipeline.RunSettings settings = Pipeline.settings(run);
    double dt = settings.dt();
    Network net = (Network) in.find(run.target()).orElseThrow();
    List<Diagnostic> errors = new ArrayList<>();
    if (net.projections().isEmpty()) {
      errors.add(Diagnostic.error(Code.E1113, net.origin().span(), "`nir` cannot export network `" + net.name()
          + "`: it has no connections, so its graph would have no edges; connect its populations"));
      throw new Refused(errors);
    }
    // Neurons.
    Map<String, NeuronForm> forms = new LinkedHashMap<>();
    boolean resetChanged = false;
    for (Population p : net.populations()) {
      NeuronModel m = (NeuronModel) in.find(p.model()).orElseThrow();
      NeuronForm.Result r = NeuronForm.recognize(m, dt, options.resetToZero());
      for (NeuronForm.Mismatch x : r.mismatches()) {
        Diagnostic d = Diagnostic.error(Code.E1110, p.origin().span(), "`nir` cannot export population `" + p.name()
            + "`: " + x.message());
        if (!x.at().span().equals(p.origin().span())) d = d.withRelated(new Related(x.at().span(), "the clause that differs"));
        errors.add(d);
      }
      r.form().ifPresent(f -> forms.put(p.name(), f));
      if (r.resetChanged()) {
        resetChanged = true;
        notes.add(Diagnostic.warning(Code.W1111, p.origin().span(), "population `" + p.name() + "` resets by "
            + "subtraction; it is exported with NIR's reset to zero (--nir-reset=zero), which the model does not do"));
      }
    }
    // Connections.
    Map<String, Projection> plain = new LinkedHashMap<>();
    Map<Projection, Integer> delays = new LinkedHashMap<>();
    Map<Projection, Double> weights = new LinkedHashMap<>();
    for (Projection pr : net.projections()) {
      List<String> why = new ArrayList<>();
      if (pr.synapse().isPresent()) {
        why.add("it is plastic (synapse model `" + pr.synapse().get() + "`); NIR graphs have fixed weights");
      }
      int steps = 1;
      if (pr.delay().isPresent()) {
        Expr d = ConstantFolding.fold(pr.delay().get());
        if (d instanceof Const c) steps = Math.max(1, (int) Math.round(c.value() / dt));
        else why.add("its delays are drawn per synapse; NIR's Delay node delays each neuron by one value");
      }
      Expr w = ConstantFolding.fold(pr.weight());
      if (!(w instanceof Const)) why.add("its weights are drawn per synapse, which the export does not materialise yet; "
          + "give it a constant weight");
      for (String reason : why) {
        errors.add(Diagnostic.error(Code.E1111, pr.origin().span(), "`nir` cannot export the connection "
            + pr.source() + " -> " + pr.target() + ": " + reason));
      }
      if (why.isEmpty()) {
        plain.put(pr.name(), pr);
        delays.put(pr, steps);
        weights.put(pr, ((Const) w).value());
      }
    }
    // Outputs: each reads one population.
    Map<Output, String> outputs = new LinkedHashMap<>();
    for (Output o : net.outputs()) {
      Optional<String> pop = readPopulation(o.readout());
      if (pop.isPresent() && net.populations().stream().anyMatch(p -> p.name().equals(pop.get()))) {
        outputs.put(o, pop.get());
      } else {
        errors.add(Diagnostic.error(Code.E1112, o.origin().span(), "`nir` cannot export the output `" + o.name()
            + "`: it reads something other than one population's spikes or membrane"));
      }
    }
    // Sizes, before anything is allocated.
    Map<String, List<Projection>> blocks = new LinkedHashMap<>();
    for (Projection pr : plain.values()) {
      String from = KernelGroups.targetOf(net, pr.source()).population();
      String to = KernelGroups.targetOf(net, pr.target()).population();
      blocks.computeIfAbsent(from + "\u0000" + to + "\u0000" + delays.get(pr), k -> new ArrayList<>()).add(pr);
    }
    for (List<Projection> group : blocks.values()) {
      Projection first = group.get(0);
      long rows = size(net, KernelGroups.targetOf(net, first.target()).population());
      long cols = size(net, KernelGroups.targetOf(net, first.source()).population());
      long bytes = rows * cols * Float.BYTES;
      if (bytes > options.maxDenseBytes()) {
        errors.add(Diagnostic.error(Code.E1114, first.origin().span(), "`nir` would write the weights of "
            + first.source() + " -> " + first.target() + " as a dense " + rows + " x " + cols + " float32 matrix of "
            + mib(bytes) + ", more than --nir-max-dense (" + mib(options.maxDenseBytes()) + "); raise the limit"));
      }
    }
    if (!errors.isEmpty()) throw new Refused(errors);
    for (InputGroup g : net.inputs()) {
      notes.add(Diagnostic.warning(Code.W1110, g.origin().span(), "the encoder of input `" + g.name() + "` stays on "
          + "the host: the NIR graph starts at its Input node, which takes the encoded spikes"));
    }
    return new Assembler(net, dt, settings.seed(), forms, blocks, delays, weights, outputs, resetChanged);
  }

  private static String mib(long bytes) {
    if (bytes < (1L << 20)) return bytes + " bytes";
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  private static Optional<String> readPopulation(Expr e) {
    if (e instanceof Call c && List.of("membrane", "spike_count", "rate").contains(c.function()) && c.args().size() == 1
        && c.args().get(0) instanceof Ref r && r.kind() == RefKind.POPULATION) {
      return Optional.of(r.name());
    }
    return Optional.empty();
  }

  private static int size(Network net, String name) {
    for (Population p : net.populations()) if (p.name().equals(name)) return p.size();
    for (InputGroup g : net.inputs()) if (g.name().equals(name)) return g.size();
    throw new IllegalStateException("unknown population " + name);
  }

  /** Builds the graph once everything is known to fit. */
  private final class Assembler {
    private final Network net;
    private final double dt;
    private final long seed;
    private final Map<String, NeuronForm> forms;
    private final Map<String, List<Projection>> blocks;
    private final Map<Projection, Integer> delays;
    private final Map<Projection, Double> weights;
    private final Map<Output, String> outputs;
    private final boolean resetChanged;
    private final List<NirGraph.Node> nodes = new ArrayList<>();
    private final List<NirGraph.Edge> edges = new ArrayList<>();
    private final Set<String> names = new LinkedHashSet<>();
    private final Map<String, String> host = new LinkedHashMap<>();

    Assembler(Network net, double dt, long seed, Map<String, NeuronForm> forms, Map<String, List<Projection>> blocks,
        Map<Projection, Integer> delays, Map<Projection, Double> weights, Map<Output, String> outputs, boolean resetChanged) {
      this.net = net;
      this.dt = dt;
      this.seed = seed;
      this.forms = forms;
      this.blocks = blocks;
      this.delays = delays;
      this.weights = weights;
      this.outputs = outputs;
      this.resetChanged = resetChanged;
    }

    private String fresh(String want) {
      String n = want.replaceAll("[^A-Za-z0-9_]", "_");
      String name = n;
      for (int k = 2; !names.add(name); k++) name = n + "_" + k;
      return name;
    }

    NirGraph graph() {
      net.populations().forEach(p -> names.add(p.name()));
      net.inputs().forEach(g -> names.add(g.name()));
      for (InputGroup g : net.inputs()) {
        nodes.add(new NirGraph.Node(g.name(), "Input", Map.of("shape", new long[] {g.size()})));
        host.put("encoder_" + g.name(), "input `" + g.name() + "` is encoded on the host; its Input node takes spikes");
      }
      for (Population p : net.populations()) {
        nodes.add(new NirGraph.Node(p.name(), forms.get(p.name()).type(), forms.get(p.name()).fields(p.size(), dt)));
      }
      Map<String, KernelProgram.Connection> connections = connections();
      Set<String> fed = new LinkedHashSet<>();
      Set<String> feeding = new LinkedHashSet<>();
      for (List<Projection> group : blocks.values()) {
        Projection first = group.get(0);
        String from = KernelGroups.targetOf(net, first.source()).population();
        String to = KernelGroups.targetOf(net, first.target()).population();
        int steps = delays.get(first);
        float[][] w = new float[size(net, to)][size(net, from)];
        NeuronForm target = forms.get(to);
        double scale = target.weightScale() * target.voltScale();
        for (Projection pr : group) {
          KernelGroups.Target s = KernelGroups.targetOf(net, pr.source());
          KernelGroups.Target t = KernelGroups.targetOf(net, pr.target());
          Csr csr = Connectivity.build(Memory.spec(connections.get("c:" + pr.name()), seed), false);
          float value = (float) (weights.get(pr) * scale);
          for (int i = 0; i < csr.preSize; i++) {
            for (int k = csr.rowPtr[i]; k < csr.rowPtr[i + 1]; k++) w[t.offset() + csr.cols[k]][s.offset() + i] += value;
          }
        }
        String lin = fresh(from + "_to_" + to + (steps > 1 ? "_d" + steps : ""));
        nodes.add(new NirGraph.Node(lin, "Linear", Map.of("weight", w)));
        edges.add(new NirGraph.Edge(from, lin));
        if (steps > 1) {
          String del = fresh(lin + "_delay");
          double[] d = new double[size(net, to)];
          java.util.Arrays.fill(d, (steps - 1) * dt);
          nodes.add(new NirGraph.Node(del, "Delay", Map.of("delay", d)));
          edges.add(new NirGraph.Edge(lin, del));
          edges.add(new NirGraph.Edge(del, to));
        } else {
          edges.add(new NirGraph.Edge(lin, to));
        }
        if (!from.equals(to)) fed.add(to);
        feeding.add(from);
      }
      // NIR wants explicit Input and Output nodes: populations nothing else drives get an Input
      // (which carries nothing in the model), and without declared outputs the populations that
      // drive nothing are read.
      if (net.inputs().isEmpty()) {
        List<Population> roots = net.populations().stream().filter(p -> !fed.contains(p.name())).toList();
        if (roots.isEmpty()) roots = List.of(net.populations().get(0));
        for (Population p : roots) {
          String in = fresh("input_" + p.name());
          nodes.add(new NirGraph.Node(in, "Input", Map.of("shape", new long[] {p.size()})));
          edges.add(new NirGraph.Edge(in, p.name()));
          host.put(in, "drives nothing in the model: `" + p.name() + "` has no input from outside the network");
        }
      }
      if (!outputs.isEmpty()) {
        for (var e : outputs.entrySet()) {
          String out = fresh(e.getKey().name());
          nodes.add(new NirGraph.Node(out, "Output", Map.of("shape", new long[] {size(net, e.getValue())})));
          edges.add(new NirGraph.Edge(e.getValue(), out));
          // A leaky integrator gives its membrane; a spiking node gives spikes, which the host
          // counts (spike_count, rate) but whose membrane NIR does not give.
          String readout = ((Call) e.getKey().readout()).function();
          boolean given = readout.equals("membrane") != forms.get(e.getValue()).spikes();
          if (!given) {
            host.put("output_" + e.getKey().name(), readout + "(" + e.getValue() + ") is computed on the host from "
                + (forms.get(e.getValue()).spikes() ? "the spikes" : "the membrane") + " its node gives");
          }
        }
      } else {
        List<Population> leaves = net.populations().stream().filter(p -> !feeding.contains(p.name())).toList();
        if (leaves.isEmpty()) leaves = List.of(net.populations().get(net.populations().size() - 1));
        for (Population p : leaves) {
          String out = fresh("output_" + p.name());
          nodes.add(new NirGraph.Node(out, "Output", Map.of("shape", new long[] {p.size()})));
          edges.add(new NirGraph.Edge(p.name(), out));
        }
      }
      host.put("initial_values", "the model's initial values (and their draws) are not part of a NIR graph");
      host.put("monitors", "monitors and the run's duration are not part of a NIR graph");
      return new NirGraph(nodes, edges, metadata());
    }

    private Map<String, Object> metadata() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dt", dt);
      m.put("dt_source", "the run statement's dt");
      Map<String, Object> units = new LinkedHashMap<>();
      units.put("time", "s (tau, tau_syn, tau_mem, delay, dt)");
      Set<String> volt = new LinkedHashSet<>();
      forms.values().forEach(f -> volt.add(f.unit()));
      units.put("voltage", volt.contains("mV") ? "mV: the model's numbers (v_leak, v_threshold, v_reset, and weights as "
          + "jumps of v)" : "the model's own (dimensionless) numbers");
      m.put("units", units);
      m.put("convention", "r = tau/dt (IF: 1/dt), w_in = tau_syn/dt (as snnTorch and Lava read them); weights are scaled "
          + "so that forward Euler at dt reproduces the model's step: a Linear weight is the jump of v (CubaLIF: of "
          + "the synaptic current) one spike gives");
      m.put("reset", resetChanged ? "zero: the model resets by subtraction; exported with --nir-reset=zero"
          : "to v_reset, as the model does");
      m.put("threshold", "strict: spike when v > v_threshold");
      m.put("delay_convention", "a spike of step n reaches its targets at step n + 1 (one step, not written); a declared "
          + "delay of k steps adds a Delay node of (k - 1) dt");
      m.put("host", new LinkedHashMap<>(host));
      Map<String, Object> src = new LinkedHashMap<>();
      src.put("network", net.name());
      src.put("seed", seed);
      src.put("producer", "brainc compile --target nir");
      m.put("source", src);
      return m;
    }

    /** The kernel program's connections: the rules and streams `run` draws the synapses from. */
    private Map<String, KernelProgram.Connection> connections() {
      var compiled = Pipeline.compile(source, run, Pipeline.settings(run), new PassContext(), (p, ir) -> {});
      Map<String, KernelProgram.Connection> out = new LinkedHashMap<>();
      for (KernelProgram.Connection c : compiled.kernel().connections()) out.put(c.name(), c);
      return out;
    }
  }
}
