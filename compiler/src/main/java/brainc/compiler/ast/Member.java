package brainc.compiler.ast;

import brainc.ir.source.Span;
import java.util.List;
import java.util.Optional;

/**
 * The members of declaration bodies, for every family. Which members a family accepts is the
 * grammar's business; the builder only ever puts a member where the grammar allowed it.
 */
public sealed interface Member {
  Span span();

  /** A member that declares a name in its enclosing scope. */
  sealed interface Named extends Member {
    Ident name();

    String doc();
  }

  // ---- shared ----
  record Param(Ident name, Optional<TypeRef> type, Optional<Expr> value, Optional<Expr> range, String doc, Span span)
      implements Named {}

  record Let(Ident name, Optional<TypeRef> type, Expr value, String doc, Span span) implements Named {}

  record Use(QualifiedName target, Optional<Ident> alias, Span span) implements Member {}

  // ---- neurons ----
  record State(Ident name, Optional<TypeRef> type, Optional<Expr> value, String doc, Span span) implements Named {}

  record Input(Ident name, Optional<TypeRef> type, Optional<Expr.Call> kernel, String doc, Span span)
      implements Named {}

  /**
   * {@code x' = value}, with the integration method named after it ({@code method euler}), if any;
   * {@code unlessRefractory}: the variable holds during the refractory period (`unless refractory`).
   */
  record Equation(Ident name, int primes, Expr value, Optional<Ident> method, boolean unlessRefractory, String doc,
      Span span) implements Member {
    public Equation(Ident name, int primes, Expr value, Optional<Ident> method, String doc, Span span) {
      this(name, primes, value, method, false, doc, span);
    }

    public Equation(Ident name, int primes, Expr value, boolean unlessRefractory, String doc, Span span) {
      this(name, primes, value, Optional.empty(), unlessRefractory, doc, span);
    }

    public Equation(Ident name, int primes, Expr value, String doc, Span span) {
      this(name, primes, value, Optional.empty(), false, doc, span);
    }
  }

  /** {@code method NAME}: the integration method of the model's equations that name none. */
  record Method(Ident name, Span span) implements Member {}

  record Step(Ident name, AssignOp op, Expr value, String doc, Span span) implements Member {}

  record Spike(Expr condition, Optional<Expr.Call> surrogate, List<Stmt> reset, Span span) implements Member {
    public Spike {
      reset = List.copyOf(reset);
    }
  }

  /**
   * {@code refractory PERIOD}, or with {@code condition} {@code refractory while COND}: then
   * {@code period} is the condition, under which the neuron cannot spike.
   */
  record Refractory(Expr period, boolean condition, Span span) implements Member {
    public Refractory(Expr period, Span span) {
      this(period, false, span);
    }
  }

  /** {@code same_step MODE}: how a synapse pairs a pre and a post spike of one step. */
  record SameStep(Ident mode, Span span) implements Member {}

  record Property(Ident name, PropertyBody body, String doc, Span span) implements Named {}

  // ---- synapses ----
  record Var(Ident name, Optional<TypeRef> type, Optional<Expr> value, String doc, Span span) implements Named {}

  record Trace(Ident name, Expr tau, Side side, AssignOp op, Expr value, String doc, Span span) implements Named {}

  record On(Side side, List<Stmt> body, Span sideSpan, Span span) implements Member {
    public On {
      body = List.copyOf(body);
    }
  }

  record Modulated(Ident signal, List<Stmt> body, Span span) implements Member {
    public Modulated {
      body = List.copyOf(body);
    }
  }

  // ---- networks ----
  record Population(Ident name, boolean layer, QualifiedName source, Expr size, List<Override> overrides,
      String doc, Span span) implements Named {
    public Population {
      overrides = List.copyOf(overrides);
    }
  }

  record InputGroup(Ident name, Optional<Expr> size, Optional<Expr.Call> encoder, String doc, Span span)
      implements Named {}

  record Connect(List<List<Endpoint>> stages, List<ConnectClause> clauses, String doc, Span span) implements Member {
    public Connect {
      stages = stages.stream().map(List::copyOf).toList();
      clauses = List.copyOf(clauses);
    }
  }

  record Output(Ident name, Expr value, Optional<Ident> at, String doc, Span span) implements Named {}

  record Signal(Ident name, Expr value, String doc, Span span) implements Named {}

  /**
   * {@code monitor WHAT of TARGETS}; with {@code post}, of the synapses from the one target to
   * {@code post} ({@code monitor w of a -> b}); {@code at} is the word after {@code at}
   * ({@code at end}), instead of {@code every}.
   */
  record Monitor(List<Ident> what, List<Endpoint> targets, Optional<Endpoint> post, Optional<Expr> every,
      Optional<Ident> at, Span span) implements Member {
    public Monitor {
      what = List.copyOf(what);
      targets = List.copyOf(targets);
    }

    /** A monitor of neurons, sampled every step or every {@code every}. */
    public Monitor(List<Ident> what, List<Endpoint> targets, Optional<Expr> every, Span span) {
      this(what, targets, Optional.empty(), every, Optional.empty(), span);
    }
  }

  // ---- HTM regions and meta-learning sections ----
  record Encode(Ident field, Expr.Call encoder, Span span) implements Member {}

  record Anomaly(Expr.Call model, Span span) implements Member {}

  record Section(Ident name, List<Setting> settings, Span span) implements Member {
    public Section {
      settings = List.copyOf(settings);
    }
  }

  // ---- workspaces ----
  record Module(Ident name, Expr size, String doc, Span span) implements Named {}

  record Width(Expr value, Span span) implements Member {}

  record Slots(Expr value, Span span) implements Member {}

  record Capacity(Expr value, Optional<Ident> selection, Optional<Ident> salience, Optional<Expr> temperature,
      Span span) implements Member {}

  record Broadcast(List<Ident> targets, Span span) implements Member {
    public Broadcast {
      targets = List.copyOf(targets);
    }
  }

  record Memory(Expr.Call spec, Span span) implements Member {}

  // ---- active inference ----
  record Hidden(Ident name, List<Expr> levels, String doc, Span span) implements Named {
    public Hidden {
      levels = List.copyOf(levels);
    }
  }

  record Observe(Ident name, List<Expr> levels, List<Ident> dependsOn, Optional<Ident> matrix,
      Optional<Expr> value, String doc, Span span) implements Named {
    public Observe {
      levels = List.copyOf(levels);
      dependsOn = List.copyOf(dependsOn);
    }
  }

  record Control(Ident name, List<Expr> levels, Optional<Ident> factor, Optional<Ident> matrix,
      Optional<Expr> value, String doc, Span span) implements Named {
    public Control {
      levels = List.copyOf(levels);
    }
  }

  record Prefer(Ident matrix, Optional<Ident> modality, Optional<Expr> level, Expr value, Span span)
      implements Member {}

  record Prior(Ident matrix, Optional<Ident> factor, Expr value, Span span) implements Member {}

  record Plan(Optional<Expr> horizon, Optional<Expr.Call> objective, Optional<Ident> action,
      Optional<Expr> gamma, Optional<Expr> alpha, Optional<Expr.Call> inductive, Span span) implements Member {}

  // ---- fuzzy rules ----
  record Predicates(List<PredicateSig> signatures, Span span) implements Member {
    public Predicates {
      signatures = List.copyOf(signatures);
    }
  }

  record PredicateSig(Ident name, Optional<Integer> arity, String doc, Span span) {}

  record Rule(Optional<Ident> name, Formula body, Optional<Expr> confidence, String doc, Span span)
      implements Member {}

  record Fact(Formula.Atom atom, Optional<Expr> truth, Span span) implements Member {}

  record Query(List<Formula.Atom> atoms, Span span) implements Member {
    public Query {
      atoms = List.copyOf(atoms);
    }
  }

  // ---- meta-learning ----
  record Model(Expr.Call spec, Span span) implements Member {}

  record Tasks(Expr.Call spec, Span span) implements Member {}

  record Gate(Ident value, Span span) implements Member {}

  // ---- parts ----

  /** {@code name = value}, or a flag with a value such as {@code excitatory 80%}. */
  record Override(Ident name, Expr value, boolean flag, Span span) {}

  /** A population, an optional slice and an optional input port. */
  record Endpoint(Ident name, Optional<Expr> slice, Optional<Ident> port, Span span) {}

  record Setting(Ident key, Expr value, Span span) {}

  enum Side { PRE, POST }

  enum AssignOp {
    SET("="), ADD("+="), SUB("-="), MUL("*="), DIV("/=");

    public final String symbol;

    AssignOp(String symbol) {
      this.symbol = symbol;
    }
  }

  /** A unit type such as {@code mV/ms}, a type name ({@code bool}), optionally a vector. */
  record TypeRef(Optional<Integer> vectorSize, String text, Span span) {}

  sealed interface ConnectClause {
    Span span();

    record Weight(Expr value, Span span) implements ConnectClause {}

    record Delay(Expr value, Span span) implements ConnectClause {}

    record Probability(Expr value, Span span) implements ConnectClause {}

    record FanIn(Expr value, Span span) implements ConnectClause {}

    record FanOut(Expr value, Span span) implements ConnectClause {}

    record AllToAll(Span span) implements ConnectClause {}

    record OneToOne(Span span) implements ConnectClause {}

    record Dense(Span span) implements ConnectClause {}

    record Via(List<ViaItem> items, Span span) implements ConnectClause {
      public Via {
        items = List.copyOf(items);
      }
    }
  }

  /** {@code via RSTDP}, {@code via STDP { w_max = 2 }} or {@code via exp(tau = 5 ms)}. */
  record ViaItem(Ident name, Optional<List<Expr.Arg>> args, List<Override> overrides, Span span) {
    public ViaItem {
      overrides = List.copyOf(overrides);
    }
  }

  sealed interface PropertyBody {
    Span span();

    record Invariant(Expr condition, Span span) implements PropertyBody {}

    record Scenario(List<Event> events, Optional<Expr> window, List<Setting> given, Ident variable, Trend trend,
        Span span) implements PropertyBody {
      public Scenario {
        events = List.copyOf(events);
        given = List.copyOf(given);
      }
    }
  }

  record Event(EventKind kind, Span span) {}

  enum EventKind { PRE, POST, NO_SPIKES, ANY_SPIKES }

  enum Trend { INCREASES, DECREASES, UNCHANGED }
}
