package brainc.ir.diag;

/**
 * The stable diagnostic codes. An id never changes meaning once released; retired codes stay
 * here, marked as such. {@code docs/diagnostics.md} is generated from this list (a test keeps
 * it current), so every code carries its documentation.
 *
 * <p>Ranges: E01xx syntax, E02xx names and imports, E03xx types and units, E04xx model
 * structure, E05xx active inference, E06xx fuzzy rules, E07xx meta-learning, E08xx HTM,
 * E09xx workspaces, E10xx networks and statements, E11xx targets and capabilities (what one engine
 * or target cannot do, named in the message: `brainc check --target NAME` reports them as errors,
 * the verb that would use that target refuses with them); W-codes are warnings.
 */
public enum Code {
  // ---- syntax ----
  E0100("syntax-error", Severity.ERROR,
      "The text does not follow the grammar. The message names what was found and what the parser "
          + "expected there; the parser recovers and reports every such error in one run."),
  E0101("invalid-character", Severity.ERROR,
      "A character that no token of the language starts with, such as `$` or `@` outside a string."),
  E0102("unterminated-string", Severity.ERROR,
      "A string literal that reaches the end of its line without its closing `\"`."),
  E0103("unterminated-comment", Severity.ERROR, "A `/*` comment that is never closed with `*/`."),
  E0104("invalid-number", Severity.ERROR,
      "A numeric literal that cannot be read as a finite number, or an integer where one is required "
          + "but a fraction was written."),

  // ---- names ----
  E0201("unknown-name", Severity.ERROR,
      "A name that is not declared in any enclosing scope, not imported, and not a built-in. "
          + "The message suggests the closest declared name when one is near."),
  E0202("duplicate-declaration", Severity.ERROR,
      "Two declarations of the same name in one scope. The related location points at the first."),
  E0203("unresolved-import", Severity.ERROR,
      "A `use` names a package or declaration that exists neither in the standard library nor in a "
          + "`.brain` file beside the model."),
  E0204("wrong-kind", Severity.ERROR,
      "A name refers to a declaration of another kind than the place requires, e.g. a synapse model "
          + "where a neuron model is instantiated."),
  E0205("unknown-parameter", Severity.ERROR,
      "An override, named argument or setting names something the model, function or section does "
          + "not declare. The message lists or suggests the valid names."),
  E0206("wrong-arity", Severity.ERROR,
      "A call or instantiation has too many or too few arguments for what it calls."),
  E0207("extends-cycle", Severity.ERROR, "A model extends itself, directly or through other models."),
  E0208("import-cycle", Severity.ERROR,
      "Files import each other in a cycle (`a.brain` uses `b`, which uses `a`, directly or through "
          + "others). The message names the files of the cycle; it is reported once, at the `use` where the cycle "
          + "starts as seen from the model being checked. "
          + "Move what both need into a third file that imports neither."),
  E0209("missing-argument", Severity.ERROR,
      "A required argument or setting has no value and no default."),
  E0210("duplicate-argument", Severity.ERROR, "The same named argument or setting is given twice."),
  E0211("package-mismatch", Severity.WARNING,
      "A file's `package` does not match where it lives relative to the directory it is imported from, "
          + "so `use` of that package from elsewhere will not find it."),
  E0212("cyclic-definition", Severity.ERROR,
      "A parameter, state or named value is defined in terms of itself, directly or through others; "
          + "also a population that slices itself through other slices (`a = b[0 .. 2]`, `b = a[0 .. 2]`). "
          + "The message names the cycle."),
  E0213("unreadable-import", Severity.ERROR,
      "A `use` names a file that exists beside the model but cannot be used: it cannot be read "
          + "(permissions), it is not valid UTF-8 text, or it is a directory. The message says which."),

  // ---- types and units ----
  E0301("unit-mismatch", Severity.ERROR,
      "The two sides of an equation, assignment, comparison, sum or difference have different "
          + "physical dimensions. The message shows both dimensions; for `x' = e` the right side must "
          + "have the unit of `x` per second."),
  E0302("unknown-unit", Severity.ERROR,
      "A unit suffix that is not a known unit: SI base and derived units (s, Hz, V, A, F, S, Ohm, ...) "
          + "with an SI prefix (p, n, u, m, k, M, G, ...)."),
  E0303("type-mismatch", Severity.ERROR,
      "A value of one type where another is required, e.g. a number where a condition (bool) is "
          + "needed, or a string in arithmetic."),
  E0304("not-dimensionless", Severity.ERROR,
      "An operation that needs a dimensionless argument got a physical quantity: the argument of "
          + "`exp`, `log`, `sin`, `tanh`, an exponent, a probability or a count."),
  E0305("not-an-integer", Severity.ERROR,
      "A size, count, step number or seed must be a whole number known at compile time."),
  E0306("not-constant", Severity.ERROR,
      "A value that must be known at compile time (a population size, a section setting) depends on "
          + "state or on a random draw."),
  E0307("value-out-of-range", Severity.ERROR,
      "A value lies outside what it may be: a probability outside [0, 1], a negative time constant or "
          + "size, a fraction above 100 %, or outside the range a parameter declares."),
  E0308("missing-unit", Severity.ERROR,
      "A plain number where a physical quantity is required, e.g. `tau = 20` where `tau` is a time. "
          + "The quick fix adds the expected unit."),
  E0309("non-finite-constant", Severity.ERROR,
      "A constant expression whose value is infinite or not a number: an overflow (`1e308 * 1e308`), "
          + "`sqrt(-1)`, `log(0)`, or in a model value, a constant beyond the float32 range (±3.4e38) in "
          + "which the simulation computes. It is reported at the innermost operation that goes wrong."),
  E0310("division-by-zero", Severity.ERROR,
      "A division (or `mod`) whose divisor is a constant zero, also one that is zero only after a "
          + "population's or synapse's override (`LIF[10] { tau_m = 0 ms }` makes `(v_rest - v) / tau_m` "
          + "divide by zero; reported at the override)."),

  // ---- model structure ----
  E0401("assignment-to-constant", Severity.ERROR,
      "A parameter, input or built-in is assigned. Only state (and per-synapse variables and traces in "
          + "their handlers) can change."),
  E0402("invalid-in-context", Severity.ERROR,
      "A statement or name that is not allowed where it appears: `deliver` outside `on pre`, "
          + "`pre`/`post` outside a synapse, a third factor outside `modulated by`."),
  E0403("higher-order-equation", Severity.ERROR,
      "An equation with more than one prime. Write it as a first-order system with an extra state variable."),
  E0404("equation-of-non-state", Severity.ERROR,
      "`x' = ...` or `step x = ...` where `x` is not a state variable (or per-synapse variable)."),
  E0405("duplicate-equation", Severity.ERROR, "Two equations or step updates define the same variable."),
  E0406("missing-spike-rule", Severity.ERROR,
      "A neuron used where spikes are needed (a presynaptic population, a spike monitor, a spike "
          + "readout) has no `spike when` rule."),
  E0407("invalid-split", Severity.ERROR,
      "`excitatory`/`inhibitory` fractions of a population are not in [0, 100 %] or do not add up to 100 %."),
  E0408("invalid-slice", Severity.ERROR,
      "A population slice `p[a .. b]` lies outside the population or is empty."),
  E0409("invalid-surrogate", Severity.ERROR,
      "An unknown surrogate gradient; the known ones are atan, fast_sigmoid, triangle and straight_through."),
  E0410("invalid-property", Severity.ERROR,
      "A `property` that cannot be verified: an invariant that is not a condition, a scenario window "
          + "that is not a time interval, or an outcome naming something other than a per-synapse variable or state."),
  E0411("invalid-trace", Severity.ERROR,
      "A trace whose decay constant is not a positive time, or whose spike update is not an assignment to the trace."),
  E0412("override-of-state", Severity.ERROR,
      "A population override names something that has no value to override (a named value `let`, a "
          + "trace), or gives a parameter a random distribution (parameters are shared and must be "
          + "constant). States and input ports take initial values."),
  E0413("duplicate-rule", Severity.ERROR,
      "A model has a second `spike when` rule or `refractory` period (a synapse model a second `same_step`), "
          + "also counting those of the model it extends: a model has at most one of each, and a second would "
          + "silently replace the first."),
  E0420("invalid-method", Severity.ERROR,
      "An integration method (`method NAME` in a neuron model or after one of its equations) that is not one "
          + "of `exact`, `exponential_euler`, `euler`, `rk2`, `rk4`, or that cannot apply to the equation: "
          + "`exact` needs a system that is linear with constant coefficients (no product of two states, no "
          + "function of a state), `exponential_euler` an equation that is linear in its own variable, "
          + "`x' = A x + B` with `A` and `B` free of `x` (they may read other states, as Hodgkin-Huxley's gates "
          + "do). Synapse equations take no method: they are integrated exactly. Choose a method that applies "
          + "(`rk4` integrates any equation), or leave the choice to the compiler."),
  E0421("misplaced-noise", Severity.ERROR,
      "White noise `xi(T)` where it cannot be integrated: outside the right side of a neuron's "
          + "differential equation (a `step`, `let`, spike rule, synapse or network), inside a function "
          + "or a divisor, in the time scale of another `xi`, or multiplied by another `xi`. It must be an "
          + "additive term `x' = f + g * xi(T)` (Euler-Maruyama: `x` gains `g * sqrt(T * dt) * N(0, 1)` "
          + "per step); a random draw written directly in an equation is refused too, since its value "
          + "would depend on the time step."),

  // ---- active inference ----
  E0501("shape-mismatch", Severity.ERROR,
      "A likelihood (A), transition (B), preference (C) or prior (D) has a shape that differs from what "
          + "its declared modality, factors and controls require. The message names the matrix, the "
          + "modality or factor, and both shapes."),
  E0502("not-normalized", Severity.ERROR,
      "A probability vector or a column of A or B does not sum to 1 (within 1e-6)."),
  E0503("policy-space-too-large", Severity.ERROR,
      "The number of policies, the product of the control counts to the power of the horizon, exceeds "
          + "the limit (1,000,000). Shorten the horizon or use inductive planning."),
  E0504("unknown-level", Severity.ERROR,
      "A named level of a factor, modality or control that it does not declare."),

  // ---- fuzzy rules ----
  E0601("predicate-arity", Severity.ERROR,
      "A predicate used with a different number of arguments than elsewhere in the rule base."),
  E0602("unbound-variable", Severity.ERROR,
      "A variable in a rule that no `forall`/`exists` binds (constants are lower-case names used only in facts and queries)."),
  E0604("undeclared-predicate", Severity.ERROR, "A predicate that the rule base does not declare."),

  // ---- meta-learning ----
  E0701("invalid-model-spec", Severity.ERROR,
      "A meta-learning `model` whose layer sizes are not positive integers or whose activation is unknown."),
  E0702("invalid-task-spec", Severity.ERROR,
      "A task distribution with an unknown family or with a range whose lower bound exceeds its upper bound."),

  // ---- HTM ----
  E0801("invalid-encoder", Severity.ERROR,
      "An HTM encoder whose active bits exceed its size, or an unknown encoder kind."),
  E0802("invalid-htm-setting", Severity.ERROR,
      "An HTM setting outside its valid range, e.g. min_threshold above activation_threshold or a "
          + "permanence outside [0, 1]."),
  E0803("invalid-stream", Severity.ERROR,
      "A `detect` input that cannot be read, is not a CSV with a header, lacks a field the region encodes, "
          + "or holds a value its encoder cannot take."),
  E0804("stream-out-of-order", Severity.ERROR,
      "A `detect` input whose records are not in strictly increasing time order: a timestamp earlier than "
          + "the one before it, or the same timestamp twice. The error names the line and the earlier one; "
          + "sort the file or remove the duplicate. With `--corpus` it is a note instead: NAB's own corpus "
          + "repeats a few timestamps, and its labels and results follow its rows as they are."),
  E0805("invalid-nab-results", Severity.ERROR,
      "A `score-nab` results file that does not belong to its data file: another number of rows, a "
          + "timestamp that differs from the data file's on the same row (rows are matched in order), or "
          + "an anomaly score outside [0, 1] or not a number. The error names the file and the first bad line."),
  E0806("unreadable-input", Severity.ERROR,
      "A file named on the command line that cannot be read: missing, a folder, not readable, or not "
          + "UTF-8 text. `check --json` reports it as a diagnostic of that file (line 1, column 1)."),

  // ---- workspace ----
  E0901("invalid-capacity", Severity.ERROR,
      "A workspace capacity that is not between 1 and the number of modules it selects from."),
  E0902("invalid-memory", Severity.ERROR,
      "An unknown workspace memory kind (cfc, ltc, gru, none) or mode (default, no_gate, pure)."),

  // ---- networks and statements ----
  E1001("invalid-connection", Severity.ERROR,
      "A projection whose connectivity cannot apply: one_to_one between populations of different sizes, "
          + "a fan-in larger than the source, or two connectivity rules in one `connect`."),
  E1002("unknown-target", Severity.ERROR,
      "A `run`, `train` or `detect` statement names something that is not a network, region or agent of the right kind."),
  E1003("invalid-monitor", Severity.ERROR,
      "A monitor of a variable that the monitored population's model does not have; or of synapses "
          + "(`monitor w of a -> b`) that no single connection with that per-synapse variable reaches."),
  E1004("missing-port", Severity.ERROR,
      "A projection into a neuron model with no input port, or with several where none is named."),
  E1005("cannot-run", Severity.ERROR,
      "Retired: no longer reported. It was the error of a construct that checks but that `brainc run` "
          + "cannot simulate yet; such a model is valid, so `brainc check` now warns of it with W1021 "
          + "cannot-run-yet (exit 0) and `brainc run` refuses it with that code."),
  E1006("duplicate-monitor", Severity.ERROR,
      "Two monitors record the same variable (or spikes, or rate) of the same population or slice. Each "
          + "monitor writes one file named after what it records, so the second would replace the first; "
          + "merge them into one monitor (with one `every`)."),
  E1007("input-without-values", Severity.ERROR,
      "`brainc run` simulates a network with an `input` group. An input's values come from a dataset "
          + "(`train`) or an environment; a plain `run` has none, so the group would never spike. Drive "
          + "the network from a population instead (e.g. a neuron model with a constant drive or "
          + "`bernoulli(p)` firing), or train it."),
  E1008("time-in-equation", Severity.ERROR,
      "The current time `t` in a differential equation. Equations are integrated exactly or by "
          + "Runge-Kutta as autonomous systems; a drive that depends on time is written as a `step` "
          + "update (where `t` is the time at the start of the step) or as a state of its own."),
  E1020("cannot-train", Severity.ERROR,
      "A `train` statement whose network cannot be trained as written, whatever the flags and data: "
          + "nothing to read (no `output` for the loss or to act with, no `input` to feed), a loss that "
          + "reads no output, an input whose size differs from what the environment observes, an encoder "
          + "without `steps` on a dataset. `brainc check` reports it at the construct, and `brainc train` "
          + "refuses the model with the same diagnostic before reading any data."),
  E1025("unreadable-weights", Severity.ERROR,
      "The file given to `brainc train --init` cannot be read as a NumPy archive: it is missing, a folder, "
          + "not readable, not an .npz (a ZIP of .npy arrays, as `numpy.savez` writes it), or holds an entry "
          + "that is not an .npy array of a type brainc reads. Nothing is trained or written; point --init at "
          + "a `weights.npz` that `brainc train` wrote, or at an archive written with `numpy.savez`."),
  E1026("weights-mismatch", Severity.ERROR,
      "The arrays of a `brainc train --init` archive do not fit the network's parameters: a parameter "
          + "missing from the file, an array that is no parameter, an array of another shape (a layer's "
          + "`NAME.weight` is `[out, in]` as in PyTorch's `nn.Linear`, its `NAME.bias` `[out]`), or elements "
          + "that are not float32 or float64. The message names every such array and both shapes; nothing "
          + "is trained or written. Export the weights from the same network (`weights.npz`) or rename and "
          + "transpose them to that layout."),

  // ---- targets and capabilities ----
  E1101("target-cannot-integrate", Severity.ERROR,
      "A synapse equation that the `java` target (`brainc verify`, `compile --target java`) would have to "
          + "integrate otherwise than `brainc run` does. Both integrate a synapse variable exactly when its "
          + "equation is `x' = a x + b`, with `a` and `b` made of parameters and constants; any other equation "
          + "(one that reads a trace, another variable, a `let` or a nonlinear term) has no Runge-Kutta "
          + "integration for synapses on any target, so `verify` refuses it rather than check properties "
          + "under a semantics that `run` does not have. Write the equation in that form (inline the `let`, "
          + "move the other terms into an `on pre`/`on post` handler)."),
  E1102("target-cannot-read", Severity.ERROR,
      "A synapse model or one of its properties reads something that the `java` target's one-synapse "
          + "simulation does not have: a neuron's state (`pre`/`post` variables), a signal outside its "
          + "`modulated by` block, a built-in other than `t` and `dt`, a constant other than `pi`. Read the "
          + "value through a parameter or a trace of the synapse instead."),
  E1103("target-cannot-express", Severity.ERROR,
      "A construct of a synapse model or property that the `java` target cannot write in Java: a string, "
          + "a vector or a range used as a value, a function it does not implement, an assignment in a "
          + "handler to something other than a synapse variable or trace, a `given` value that is not a "
          + "constant. The message names the construct and the target; use a number (or a constant) in its "
          + "place."),
  E1104("target-cannot-run-statement", Severity.ERROR,
      "A statement that the `cuda` target (`compile --target cuda`, `run --backend cuda`) does not execute: "
          + "it compiles `run` statements only, so every `train` statement (training stays on the JVM, on a dataset "
          + "or in an environment, agents, workspaces and meta loops included) and every `detect` statement (HTM "
          + "regions) is refused at the statement. Run it with `brainc train` or `brainc detect`, whose engines are "
          + "`jvm` and `interp`, or keep it in another file than the networks you compile for the GPU."),
  E1105("target-cannot-float64", Severity.ERROR,
      "`--float64` with an engine or target that computes in float32 only: the `cuda` target's programs keep "
          + "every float buffer in single precision, bit for bit as `run` computes without `--float64`. Drop "
          + "`--float64`, or run in double precision with `--backend jvm` (or `interp`)."),
  E1110("nir-neuron-not-expressible", Severity.ERROR,
      "A population whose neuron model the `nir` target (`compile --target nir`) cannot write as one of NIR's "
          + "neuron types. Models are recognised by the form of their specialised equations, not by name: "
          + "`v' = (a - v + R I) / tau` with a constant threshold `spike when v > theta` and a reset to a constant "
          + "is LIF (without the leak IF, without the spike rule LI; one exponential kernel on the input makes "
          + "it CubaLIF), and the discrete `step v = beta v + I` is LIF with tau = dt / (1 - beta). The message "
          + "names the first equation or clause that differs: a refractory period longer than 0 (NIR has none: "
          + "set `t_ref = 0 ms`), two kernels on one port or two kernelled ports, an alpha kernel, a reset by "
          + "subtraction (NIR resets to a value; `--nir-reset=zero` exports a reset to zero, with a warning), "
          + "a threshold that is not strict or not constant, or other dynamics (Izhikevich, AdEx, HH)."),
  E1111("nir-connection-not-expressible", Severity.ERROR,
      "A connection the `nir` target cannot write as a weight matrix: a plastic one (a synapse model: NIR "
          + "graphs have fixed weights), delays drawn per synapse (NIR's `Delay` is per neuron), or weights "
          + "drawn per synapse (not exported yet: give the connection a constant weight)."),
  E1112("nir-statement-not-expressible", Severity.ERROR,
      "A statement whose network the `nir` target cannot export: `detect` (HTM regions), a `train` of an "
          + "agent, workspace, rule base or meta loop, a `train ... on dataset` (its trained weights live in "
          + "its `weights.npz`, which the export does not read yet), or an output that reads something other "
          + "than one population (`argmax`, `pools`, `linear`)."),
  E1113("nir-edgeless-graph", Severity.ERROR,
      "A network without connections: its NIR graph would have no edges, which NIR's layout cannot hold "
          + "(a zero-length edge list). Connect its populations, or export a network that has connections."),
  E1114("nir-matrix-too-large", Severity.ERROR,
      "A connection whose dense weight matrix (NIR stores weights as `[out, in]` float32 arrays; slices are "
          + "zero-padded blocks of the whole populations' matrix) is larger than `--nir-max-dense` (default "
          + "256 MiB). The message gives its shape and size; raise the limit or make the populations smaller."),

  // ---- warnings ----
  W0002("shadowed-unit", Severity.WARNING,
      "A declaration whose name is also a unit symbol; in this scope the name means the declaration, not the unit."),
  W0003("large-policy-space", Severity.WARNING,
      "The policy space has more than 10,000 policies; planning will be slow."),
  W0420("unstable-method", Severity.WARNING,
      "An explicit integration method (`euler`, `rk2`, `rk4`) is unstable for an equation at the run's time "
          + "step: dt times the equation's stiffest linearised rate |λ| (its derivative with respect to its own "
          + "variable, at the population's initial state) exceeds what the method tolerates (2 for `euler` and "
          + "`rk2`, about 2.785 for `rk4`), so errors grow each step and the run is likely to end in NaN. Use a "
          + "shorter `dt`, `exponential_euler` (stable for any dt where it applies) or `exact`."),
  W1020("cannot-train-yet", Severity.WARNING,
      "A `train` statement that `brainc train` cannot execute yet: it names an agent, a workspace, a rule "
          + "base or a meta loop (only networks train in this version), or its network uses a construct the "
          + "training backends do not implement (on a dataset: slices, recurrent cycles, neurons with "
          + "equations, refractory periods or `let`s, connections that are not plain dense ones, readouts "
          + "other than spike_count and membrane; in an environment: a mastery condition other than "
          + "`mean(K) > X`, more than one `input`). The model is valid, so `brainc check` warns (exit 0) and "
          + "names what does not run yet; `brainc train` (and `brainc check --target jvm|interp`) refuses it "
          + "with the same code and range (exit 1). It is not an E11xx code because no single engine is at "
          + "fault: the lowering to the tensor IR, which every tensor engine reads, does not implement it."),
  W1021("cannot-run-yet", Severity.WARNING,
      "A construct that checks but that `brainc run` cannot simulate yet (an encoder, an initial value, a "
          + "synapse equation or a function the simulator does not implement). The model is valid, so "
          + "`brainc check` warns (exit 0) at the construct when a `run` statement names the network; "
          + "`brainc run` (and `compile --explain`, `brainc check --target jvm|interp`) refuse it with the same "
          + "code and range (exit 1). The message names the construct and what would run instead. Models "
          + "that are wrong get errors. It is not an E11xx code because no single engine is at fault: the "
          + "lowering to the kernel IR, which every kernel engine reads, does not implement it."),
  W1110("nir-on-host", Severity.WARNING,
      "Part of the network that a NIR graph does not hold and that stays with the host that runs the graph: "
          + "an input group's encoder (the graph starts at its `Input` node, which receives the encoded spikes). "
          + "The file's `metadata/host` lists it; the export goes on."),
  W1111("nir-reset-to-zero", Severity.WARNING,
      "`--nir-reset=zero` exports a reset by subtraction (`Leaky`) as NIR's reset to zero, which is not the "
          + "model's behaviour after a spike; the file's `metadata/reset` records it."),

  // ---- internal ----
  E9999("internal-error", Severity.ERROR,
      "The compiler failed on this input. This is a bug in brainc, not in the model; please report it "
          + "with the file that triggered it.");

  private final String kebab;
  private final Severity severity;
  private final String doc;

  Code(String kebab, Severity severity, String doc) {
    this.kebab = kebab;
    this.severity = severity;
    this.doc = doc;
  }

  /** The stable id, e.g. {@code E0301}. */
  public String id() {
    return name();
  }

  /** The stable kebab-case name, e.g. {@code unit-mismatch}. */
  public String kebab() {
    return kebab;
  }

  public Severity defaultSeverity() {
    return severity;
  }

  public String doc() {
    return doc;
  }
}
