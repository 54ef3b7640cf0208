package brainc.compiler.sema;

import brainc.compiler.ast.Decl;
import brainc.compiler.ast.Expr;
import brainc.compiler.ast.Formula;
import brainc.compiler.ast.Ident;
import brainc.compiler.ast.Member;
import brainc.ir.diag.Code;
import brainc.ir.units.Dimension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the blocks of the cognitive families against their catalog signatures and their own
 * rules: HTM regions, workspaces, active-inference agents (shapes and normalisation of A, B, C,
 * D, size of the policy space), fuzzy rule bases (arity, bound variables) and meta-learning loops.
 */
final class FamilyCheck {
  private final Checker checker;
  private final Env env;
  private final Scope scope;
  private final ExprChecker exprs;
  private final ConstEval consts;
  private final Binder binder;

  FamilyCheck(Checker checker, Scope file) {
    this.checker = checker;
    this.env = checker.env;
    this.scope = new Scope(file, "block");
    this.exprs = new ExprChecker(env, Symbol::type);
    this.consts = new ConstEval(s -> Optional.empty());
    this.binder = new Binder(env, exprs, consts);
  }

  Scope check(Decl d) {
    if (d instanceof Decl.Region r) region(r);
    else if (d instanceof Decl.Workspace w) workspace(w);
    else if (d instanceof Decl.Agent a) agent(a);
    else if (d instanceof Decl.Rules r) rules(r);
    else if (d instanceof Decl.Meta m) meta(m);
    return scope;
  }

  private Optional<Map<String, Expr>> family(Expr.Call call, String family, String what) {
    return binder.resolve(call, family, what).map(sig -> binder.bind(call, sig, scope));
  }

  // ---- HTM ----

  private void region(Decl.Region r) {
    // The documented code of an HTM setting out of its bounds is E0802.
    Code previous = binder.rangeCode(Code.E0802);
    try {
      regionMembers(r);
    } finally {
      binder.rangeCode(previous);
    }
  }

  private void regionMembers(Decl.Region r) {
    family(r.family(), "region", "region family");
    Map<String, Member.Section> sections = new HashMap<>();
    boolean anomaly = false;
    for (Member m : r.members()) {
      if (m instanceof Member.Encode e) {
        if (!e.field().isMissing()) declare(e.field(), Symbol.Kind.INPUT_GROUP, m, "field");
        binder.resolve(e.encoder(), "htm_encoder", "encoder").ifPresent(sig -> {
          Map<String, Expr> b = binder.bind(e.encoder(), sig, scope);
          Optional<Double> size = number(b.get("size"));
          Optional<Double> bits = number(b.get("active_bits"));
          if (size.isPresent() && bits.isPresent() && bits.get() > size.get()) {
            env.error(Code.E0801, b.get("active_bits").span(), "an encoder cannot have more active bits ("
                + bits.get().longValue() + ") than bits (" + size.get().longValue() + ")");
          }
        });
      } else if (m instanceof Member.Anomaly a) {
        if (anomaly) env.error(Code.E0202, a.span(), "a region has one anomaly model");
        anomaly = true;
        family(a.model(), "anomaly", "anomaly model");
      } else if (m instanceof Member.Section s) {
        if (s.name() == null || s.name().isMissing()) continue;
        Optional<Signature> sig = Catalog.lookup("htm_section", s.name().text());
        if (sig.isEmpty()) {
          env.error(Code.E0205, s.name().span(), "an HTM region has no section `" + s.name().text() + "`"
              + Suggest.hint(s.name().text(), Catalog.names("htm_section")) + " (sections: "
              + String.join(", ", Catalog.names("htm_section")) + ")");
          continue;
        }
        if (sections.putIfAbsent(s.name().text(), s) != null) {
          env.error(Code.E0202, s.name().span(), "section `" + s.name().text() + "` is given twice");
          continue;
        }
        Map<String, Expr> b = binder.bindSettings(s.settings(), sig.get(), scope, s.span());
        if (s.name().text().equals("temporal_memory")) {
          Optional<Double> act = number(b.get("activation_threshold"));
          Optional<Double> min = number(b.get("min_threshold"));
          double a = act.orElse(13.0);
          double mn = min.orElse(10.0);
          if (mn > a && (act.isPresent() || min.isPresent())) {
            env.error(Code.E0802, (min.isPresent() ? b.get("min_threshold") : b.get("activation_threshold")).span(),
                "`min_threshold` (" + (long) mn + ") must not exceed `activation_threshold` (" + (long) a + ")");
          }
          memoryKind(b);
        }
      }
    }
    if (r.members().stream().noneMatch(m -> m instanceof Member.Encode)) {
      env.error(Code.E0209, r.name().span(), "region `" + r.name().text() + "` needs at least one `encode` line");
    }
  }

  /** Settings of one temporal memory kind given to the other, and what the backtracking memory needs. */
  private void memoryKind(Map<String, Expr> b) {
    boolean backtracking = b.get("kind") instanceof Expr.Name n && n.ident().text().equals("backtracking");
    if (backtracking) {
      Expr punish = b.get("predicted_segment_dec");
      if (punish != null) {
        env.error(Code.E0802, punish.span(), "`predicted_segment_dec` is a setting of the columnar temporal memory; the "
            + "backtracking one (`kind = backtracking`) has no such punishment: drop it");
      }
      Optional<Double> cellsPerColumn = number(b.get("cells_per_column"));
      if (cellsPerColumn.isPresent() && cellsPerColumn.get() < 2) {
        env.error(Code.E0802, b.get("cells_per_column").span(), "the backtracking temporal memory needs `cells_per_column` "
            + "of at least 2 (cell 0 of a column is its start cell)");
      }
      Optional<Double> grow = number(b.get("max_new_synapses"));
      Optional<Double> most = number(b.get("max_synapses_per_segment"));
      double g = grow.orElse(20.0);
      double m = most.orElse(255.0);
      if (g > m && (grow.isPresent() || most.isPresent())) {
        env.error(Code.E0802, (grow.isPresent() ? b.get("max_new_synapses") : b.get("max_synapses_per_segment")).span(),
            "the backtracking temporal memory needs `max_new_synapses` (" + (long) g + ") no larger than "
                + "`max_synapses_per_segment` (" + (long) m + ")");
      }
      return;
    }
    for (String only : List.of("pam_length", "max_inf_backtrack", "max_lrn_backtrack", "max_sequence_length",
        "global_decay", "max_age")) {
      Expr e = b.get(only);
      if (e != null) {
        env.error(Code.E0802, e.span(), "`" + only + "` is a setting of the backtracking temporal memory; add "
            + "`kind = backtracking` to this section, or drop it");
      }
    }
  }

  private Optional<Double> number(Expr e) {
    return e == null ? Optional.empty() : consts.number(e, scope);
  }

  private void declare(Ident name, Symbol.Kind kind, Object node, String what) {
    Symbol s = new Symbol(name.text(), kind, Ty.SCALAR, Optional.of(name.span()), "", node, scope.label());
    Optional<Symbol> old = scope.declare(s);
    if (old.isPresent()) env.duplicate(name, old.get(), what);
  }

  // ---- workspace ----

  private void workspace(Decl.Workspace w) {
    w.family().ifPresent(f -> env.error(Code.E0205, f.name().span(), "a workspace takes no family; write `workspace "
        + w.name().text() + " { ... }`"));
    int modules = 0;
    Optional<Long> capacity = Optional.empty();
    boolean width = false;
    for (Member m : w.members()) {
      if (m instanceof Member.Module mod) {
        modules++;
        if (!mod.name().isMissing()) declare(mod.name(), Symbol.Kind.MODULE, m, "module");
        whole(mod.size(), 1, MAX_UNITS, "a module size");
      } else if (m instanceof Member.Width x) {
        width = true;
        whole(x.value(), 1, MAX_UNITS, "the workspace width");
      } else if (m instanceof Member.Slots x) {
        whole(x.value(), 1, MAX_UNITS, "the number of slots");
      } else if (m instanceof Member.Capacity c) {
        capacity = whole(c.value(), 1, "the capacity");
        c.selection().ifPresent(sel -> {
          if (!List.of("top_k", "softmax").contains(sel.text())) {
            env.error(Code.E0205, sel.span(), "unknown selection `" + sel.text() + "`; use top_k or softmax"
                + Suggest.hint(sel.text(), List.of("top_k", "softmax")));
          }
        });
        c.temperature().ifPresent(t -> {
          exprs.expectDim(t, scope, Dimension.NONE, "the temperature");
          Optional<Double> v = consts.number(t, scope);
          if (v.isPresent() && v.get() <= 0) env.error(Code.E0307, t.span(), "the temperature must be positive");
        });
      } else if (m instanceof Member.Memory mem) {
        Optional<Signature> sig = Catalog.lookup("memory", mem.spec().name().text());
        if (sig.isEmpty()) {
          env.error(Code.E0902, mem.spec().name().span(), "unknown memory `" + mem.spec().name().text() + "`"
              + Suggest.hint(mem.spec().name().text(), Catalog.names("memory")) + " (known: "
              + String.join(", ", Catalog.names("memory")) + ")");
        } else {
          binder.bind(mem.spec(), sig.get(), scope);
        }
      }
    }
    scope.declare(Symbol.builtin("memory", Symbol.Kind.MEMORY, new Ty.Vec(Ty.SCALAR, -1), "The working memory's state."));
    for (Member m : w.members()) {
      if (m instanceof Member.Broadcast b) {
        for (Ident t : b.targets()) {
          if (t.text().equals("all") || t.isMissing()) continue;
          Optional<Symbol> s = scope.lookupLocal(t.text());
          if (s.isEmpty() || s.get().kind() != Symbol.Kind.MODULE) env.unknown(t, scope, "module");
          else env.resolved(t, s.get());
        }
      } else if (m instanceof Member.Output o) {
        exprs.check(o.value(), scope);
        o.at().ifPresent(a -> {
          if (!List.of("end", "every_step").contains(a.text())) {
            env.error(Code.E0205, a.span(), "`at` takes `end` or `every_step`" + Suggest.hint(a.text(), List.of("end")));
          }
        });
      }
    }
    if (modules == 0) env.error(Code.E0209, w.name().span(), "workspace `" + w.name().text() + "` needs at least one `module`");
    if (!width) env.error(Code.E0209, w.name().span(), "workspace `" + w.name().text() + "` needs a `width`");
    if (capacity.isPresent() && modules > 0 && capacity.get() > modules) {
      Member.Capacity c = (Member.Capacity) w.members().stream().filter(m -> m instanceof Member.Capacity).findFirst().get();
      env.error(Code.E0901, c.value().span(), "a capacity of " + capacity.get() + " exceeds the " + modules
          + " modules that compete for it");
    }
  }

  private Optional<Long> whole(Expr e, long min, String what) {
    return whole(e, min, Long.MAX_VALUE, what);
  }

  private Optional<Long> whole(Expr e, long min, long max, String what) {
    Ty t = exprs.check(e, scope);
    if (t.isUnknown()) return Optional.empty();
    exprs.requireDim(e, t, Dimension.NONE, what);
    Optional<Double> v = consts.number(e, scope);
    if (v.isEmpty()) {
      env.error(Code.E0306, e.span(), what + " must be known at compile time");
      return Optional.empty();
    }
    if (v.get() != Math.rint(v.get()) || v.get() < min) {
      env.error(Code.E0305, e.span(), what + " must be a whole number of at least " + min);
      return Optional.empty();
    }
    if (v.get() > max) {
      env.error(Code.E0307, e.span(), what + " of " + Binder.format(v.get(), Dimension.NONE) + " is too large: the limit is "
          + max);
      return Optional.empty();
    }
    return Optional.of(v.get().longValue());
  }

  // ---- active inference ----

  /** The most units of a module, of the workspace width or slots: weights over them are dense. */
  static final int MAX_UNITS = 1 << 20;

  /** The most levels of a factor, modality or control: matrices over them are dense. */
  static final int MAX_LEVELS = 1 << 16;

  /** A factor, modality or control: its declared levels. */
  private record Levels(Ident name, List<String> names, Member node) {
    int size() {
      return names.size();
    }
  }

  private Levels levels(Ident name, List<Expr> items, Member node, Symbol.Kind levelKind) {
    List<String> names = new ArrayList<>();
    if (items.size() == 1 && !(items.get(0) instanceof Expr.Name)) {
      whole(items.get(0), 1, MAX_LEVELS, "a number of levels").ifPresent(n -> {
        for (long i = 0; i < n; i++) names.add(String.valueOf(i));
      });
    } else {
      for (Expr e : items) {
        if (e instanceof Expr.Name n) {
          if (names.contains(n.ident().text())) env.error(Code.E0202, e.span(), "level `" + n.ident().text() + "` is declared twice");
          names.add(n.ident().text());
        } else {
          env.error(Code.E0303, e.span(), "levels are a size `[25]` or names `[up, down]`, not expressions");
        }
      }
    }
    return new Levels(name, names, node);
  }

  private void agent(Decl.Agent a) {
    Map<String, Expr> fam = family(a.family(), "agent", "agent family").orElse(Map.of());
    Map<String, Levels> factors = new LinkedHashMap<>();
    Map<String, Levels> modalities = new LinkedHashMap<>();
    Map<String, Levels> controls = new LinkedHashMap<>();
    for (Member m : a.members()) {
      if (m instanceof Member.Hidden h && !h.name().isMissing()) {
        declare(h.name(), Symbol.Kind.FACTOR, m, "hidden factor");
        factors.putIfAbsent(h.name().text(), levels(h.name(), h.levels(), m, Symbol.Kind.LEVEL));
      } else if (m instanceof Member.Observe o && !o.name().isMissing()) {
        declare(o.name(), Symbol.Kind.MODALITY, m, "modality");
        modalities.putIfAbsent(o.name().text(), levels(o.name(), o.levels(), m, Symbol.Kind.LEVEL));
      } else if (m instanceof Member.Control c && !c.name().isMissing()) {
        declare(c.name(), Symbol.Kind.CONTROL, m, "control");
        controls.putIfAbsent(c.name().text(), levels(c.name(), c.levels(), m, Symbol.Kind.LEVEL));
      }
    }
    if (factors.isEmpty()) env.error(Code.E0209, a.name().span(), "agent `" + a.name().text() + "` needs a `hidden` factor");
    if (modalities.isEmpty()) env.error(Code.E0209, a.name().span(), "agent `" + a.name().text() + "` needs an `observe` modality");
    Map<String, Ident> matrices = new HashMap<>();
    for (Member m : a.members()) {
      if (m instanceof Member.Observe o) {
        List<Levels> deps = new ArrayList<>();
        if (o.dependsOn().isEmpty()) {
          if (factors.size() == 1) deps.add(factors.values().iterator().next());
          else if (factors.size() > 1) env.error(Code.E0501, o.name().span(), "modality `" + o.name().text()
              + "` must say which factors it depends on: `depends on (" + String.join(", ", factors.keySet()) + ")`");
        }
        for (Ident d : o.dependsOn()) {
          Levels f = factors.get(d.text());
          if (f == null) env.error(Code.E0201, d.span(), "unknown hidden factor `" + d.text() + "`" + Suggest.hint(d.text(), factors.keySet()));
          else {
            deps.add(f);
            scope.lookupLocal(d.text()).ifPresent(s -> env.resolved(d, s));
          }
        }
        o.matrix().ifPresent(mx -> matrixName(mx, matrices));
        Levels own = modalities.get(o.name().text());
        if (o.value().isPresent() && own != null) likelihood(o.value().get(), own, deps);
      } else if (m instanceof Member.Control c) {
        Levels factor = null;
        if (c.factor().isPresent()) {
          factor = factors.get(c.factor().get().text());
          if (factor == null) env.error(Code.E0201, c.factor().get().span(), "unknown hidden factor `" + c.factor().get().text()
              + "`" + Suggest.hint(c.factor().get().text(), factors.keySet()));
        } else if (factors.size() == 1) {
          factor = factors.values().iterator().next();
        } else if (factors.size() > 1) {
          env.error(Code.E0501, c.name().span(), "control `" + c.name().text() + "` must say which factor it moves: `of "
              + factors.keySet().iterator().next() + "`");
        }
        c.matrix().ifPresent(mx -> matrixName(mx, matrices));
        Levels own = controls.get(c.name().text());
        if (c.value().isPresent() && own != null && factor != null) transition(c.value().get(), factor, own);
      } else if (m instanceof Member.Prefer p) {
        matrixName(p.matrix(), matrices);
        Levels mod = null;
        if (p.modality().isPresent()) {
          mod = modalities.get(p.modality().get().text());
          if (mod == null) env.error(Code.E0201, p.modality().get().span(), "unknown modality `" + p.modality().get().text()
              + "`" + Suggest.hint(p.modality().get().text(), modalities.keySet()));
        } else if (modalities.size() == 1) {
          mod = modalities.values().iterator().next();
        }
        if (p.level().isPresent() && mod != null) {
          level(p.level().get(), mod);
          exprs.expectDim(p.value(), scope, Dimension.NONE, "a preference");
        } else if (mod != null) {
          vector(p.value(), mod.size(), "preference `" + p.matrix().text() + "`", "prior", false);
        }
      } else if (m instanceof Member.Prior p) {
        matrixName(p.matrix(), matrices);
        Levels f = null;
        if (p.factor().isPresent()) {
          f = factors.get(p.factor().get().text());
          if (f == null) env.error(Code.E0201, p.factor().get().span(), "a prior over unknown factor `" + p.factor().get().text()
              + "`" + Suggest.hint(p.factor().get().text(), factors.keySet()));
        } else if (factors.size() == 1) {
          f = factors.values().iterator().next();
        }
        if (f != null) vector(p.value(), f.size(), "prior `" + p.matrix().text() + "`", "prior", true);
      } else if (m instanceof Member.Plan plan) {
        long horizon = plan.horizon().flatMap(h -> whole(h, 1, "the planning horizon")).orElse(1L);
        plan.objective().ifPresent(o -> family(o, "objective", "planning objective"));
        plan.inductive().ifPresent(i -> Catalog.lookup("inductive", "inductive").ifPresent(sig -> binder.bind(i, sig, scope)));
        plan.gamma().ifPresent(g -> positive(g, "gamma"));
        plan.alpha().ifPresent(g -> positive(g, "alpha"));
        plan.action().ifPresent(act -> {
          if (!List.of("deterministic", "stochastic").contains(act.text())) {
            env.error(Code.E0205, act.span(), "`action` is deterministic or stochastic"
                + Suggest.hint(act.text(), List.of("deterministic", "stochastic")));
          }
        });
        double policies = 1;
        for (Levels c : controls.values()) policies *= Math.pow(Math.max(1, c.size()), horizon);
        double limit = number(fam.get("policy_limit")).orElse(1_000_000.0);
        Expr where = plan.horizon().isPresent() ? plan.horizon().get() : null;
        if (policies > limit) {
          env.error(Code.E0503, where == null ? plan.span() : where.span(), String.format(
              "%.0f policies (controls^horizon) exceed the limit of %.0f; shorten the horizon or use `inductive`",
              policies, limit));
        } else if (policies > 10_000) {
          env.error(Code.W0003, where == null ? plan.span() : where.span(), String.format(
              "%.0f policies: planning will be slow", policies));
        }
      }
    }
  }

  private void positive(Expr e, String what) {
    exprs.expectDim(e, scope, Dimension.NONE, what);
    Optional<Double> v = consts.number(e, scope);
    if (v.isPresent() && v.get() <= 0) env.error(Code.E0307, e.span(), what + " must be positive");
  }

  private void matrixName(Ident name, Map<String, Ident> seen) {
    Ident old = seen.putIfAbsent(name.text(), name);
    if (old != null) {
      env.error(Code.E0202, name.span(), "matrix `" + name.text() + "` is defined twice");
    }
  }

  private void level(Expr e, Levels of) {
    if (e instanceof Expr.Name n) {
      if (!of.names().contains(n.ident().text())) {
        env.error(Code.E0504, e.span(), "`" + of.name().text() + "` has no level `" + n.ident().text() + "`"
            + Suggest.hint(n.ident().text(), of.names()));
      }
      return;
    }
    Optional<Double> v = consts.number(e, scope);
    exprs.check(e, scope);
    if (v.isEmpty() || v.get() != Math.rint(v.get()) || v.get() < 0 || v.get() >= of.size()) {
      env.error(Code.E0504, e.span(), "`" + of.name().text() + "` has levels 0 .. " + (of.size() - 1)
          + (v.isPresent() ? ", not " + Binder.format(v.get(), Dimension.NONE) : ""));
    }
  }

  private void likelihood(Expr value, Levels modality, List<Levels> deps) {
    int states = 1;
    for (Levels d : deps) states *= d.size();
    if (value instanceof Expr.Call c && Catalog.lookup("likelihood", c.name().text()).isPresent()) {
      binder.bind(c, Catalog.lookup("likelihood", c.name().text()).get(), scope);
      if ((c.name().text().equals("identity") || c.name().text().equals("noisy_identity")) && modality.size() != states) {
        env.error(Code.E0501, value.span(), "likelihood of `" + modality.name().text() + "`: `" + c.name().text()
            + "` needs as many observation levels (" + modality.size() + ") as states (" + states + ")");
      }
      return;
    }
    if (value instanceof Expr.Call c) {
      binder.resolve(c, "likelihood", "likelihood constructor");
      return;
    }
    matrix(value, modality.size(), states, "likelihood of `" + modality.name().text() + "`");
  }

  private void transition(Expr value, Levels factor, Levels control) {
    if (value instanceof Expr.Call c && Catalog.lookup("transition", c.name().text()).isPresent()) {
      Map<String, Expr> b = binder.bind(c, Catalog.lookup("transition", c.name().text()).get(), scope);
      if (c.name().text().equals("grid")) {
        Optional<Double> rows = number(b.get("rows"));
        Optional<Double> cols = number(b.get("cols"));
        if (rows.isPresent() && cols.isPresent() && rows.get() * cols.get() != factor.size()) {
          env.error(Code.E0501, value.span(), "transition of `" + factor.name().text() + "`: a " + rows.get().longValue()
              + " × " + cols.get().longValue() + " grid has " + (long) (rows.get() * cols.get()) + " cells, but `"
              + factor.name().text() + "` has " + factor.size() + " levels");
        }
        List<String> moves = List.of("up", "right", "down", "left", "stay");
        if (control.size() != 5) {
          env.error(Code.E0501, value.span(), "`grid` moves with the 5 actions " + String.join(", ", moves)
              + ", but `" + control.name().text() + "` has " + control.size());
        }
      }
      return;
    }
    if (value instanceof Expr.Call c) {
      binder.resolve(c, "transition", "transition constructor");
      return;
    }
    exprs.check(value, scope);
  }

  /** A probability (or preference) vector: a constructor, or a literal of the right length. */
  private void vector(Expr value, int size, String what, String family, boolean normalized) {
    if (value instanceof Expr.Name n && Catalog.lookup(family, n.ident().text()).isPresent()) return;
    if (value instanceof Expr.Call c) {
      binder.resolve(c, family, "constructor").ifPresent(sig -> {
        Map<String, Expr> b = binder.bind(c, sig, scope);
        number(b.get("index")).ifPresent(i -> {
          if (i >= size) env.error(Code.E0501, b.get("index").span(), what + " has " + size + " levels; index "
              + i.longValue() + " is outside it");
        });
      });
      return;
    }
    Ty t = exprs.check(value, scope);
    if (t instanceof Ty.Vec v) {
      if (v.size() >= 0 && v.size() != size) {
        env.error(Code.E0501, value.span(), what + " must have " + size + " entries, not " + v.size());
      } else if (normalized) {
        consts.eval(value, scope).ifPresent(val -> {
          if (val instanceof Value.Vec vec) {
            double sum = 0;
            for (Value x : vec.items()) if (x instanceof Value.Num n) sum += n.si();
            if (Math.abs(sum - 1) > 1e-6) {
              env.error(Code.E0502, value.span(), what + " sums to " + sum + ", not 1");
            }
          }
        });
      }
    } else if (!t.isUnknown() && !(t instanceof Ty.Num)) {
      env.error(Code.E0303, value.span(), what + " must be a vector or a constructor, not " + t);
    }
  }

  private void matrix(Expr value, int rows, int cols, String what) {
    Ty t = exprs.check(value, scope);
    if (!(t instanceof Ty.Vec v)) {
      if (!t.isUnknown()) env.error(Code.E0303, value.span(), what + " must be a matrix (a vector of rows) or a constructor");
      return;
    }
    if (v.size() != rows || !(v.element() instanceof Ty.Vec row) || row.size() != cols) {
      int rcols = v.element() instanceof Ty.Vec r ? r.size() : 1;
      env.error(Code.E0501, value.span(), what + " must be " + rows + " × " + cols + " (observations × states), not "
          + v.size() + " × " + rcols);
      return;
    }
    consts.eval(value, scope).ifPresent(val -> {
      if (!(val instanceof Value.Vec m)) return;
      for (int c = 0; c < cols; c++) {
        double sum = 0;
        for (Value r : m.items()) {
          if (r instanceof Value.Vec rv && rv.items().get(c) instanceof Value.Num n) sum += n.si();
        }
        if (Math.abs(sum - 1) > 1e-6) {
          env.error(Code.E0502, value.span(), what + ": column " + c + " sums to " + sum + ", not 1");
          return;
        }
      }
    });
  }

  // ---- fuzzy rules ----

  private void rules(Decl.Rules r) {
    family(r.family(), "rules", "rule-base family");
    Map<String, Integer> arity = new LinkedHashMap<>();
    Map<String, Ident> declared = new LinkedHashMap<>();
    for (Member m : r.members()) {
      if (m instanceof Member.Predicates ps) {
        for (Member.PredicateSig sig : ps.signatures()) {
          if (sig.name().isMissing()) continue;
          if (declared.putIfAbsent(sig.name().text(), sig.name()) != null) {
            env.error(Code.E0202, sig.name().span(), "predicate `" + sig.name().text() + "` is declared twice");
          }
          declare(sig.name(), Symbol.Kind.PREDICATE, sig, "predicate");
          sig.arity().ifPresent(a -> arity.put(sig.name().text(), a));
        }
      }
    }
    for (Member m : r.members()) {
      if (m instanceof Member.Rule rule) {
        formula(rule.body(), Set.of(), declared, arity);
        rule.confidence().ifPresent(c -> probability(c, "a rule confidence"));
      } else if (m instanceof Member.Fact f) {
        atom(f.atom(), Set.of(), declared, arity, true);
        f.truth().ifPresent(t -> probability(t, "a truth value"));
      } else if (m instanceof Member.Query q) {
        for (Formula.Atom a : q.atoms()) atom(a, Set.of(), declared, arity, true);
      }
    }
  }

  private void probability(Expr e, String what) {
    exprs.expectDim(e, scope, Dimension.NONE, what);
    Optional<Double> v = consts.number(e, scope);
    if (v.isPresent() && (v.get() < 0 || v.get() > 1)) env.error(Code.E0307, e.span(), what + " must lie in [0, 1]");
  }

  private void formula(Formula f, Set<String> bound, Map<String, Ident> declared, Map<String, Integer> arity) {
    if (f instanceof Formula.Atom a) atom(a, bound, declared, arity, false);
    else if (f instanceof Formula.Not n) formula(n.operand(), bound, declared, arity);
    else if (f instanceof Formula.And x) { formula(x.left(), bound, declared, arity); formula(x.right(), bound, declared, arity); }
    else if (f instanceof Formula.Or x) { formula(x.left(), bound, declared, arity); formula(x.right(), bound, declared, arity); }
    else if (f instanceof Formula.Implies x) { formula(x.left(), bound, declared, arity); formula(x.right(), bound, declared, arity); }
    else if (f instanceof Formula.Equiv x) { formula(x.left(), bound, declared, arity); formula(x.right(), bound, declared, arity); }
    else if (f instanceof Formula.Quantified q) {
      Set<String> inner = new java.util.HashSet<>(bound);
      for (Ident v : q.vars()) inner.add(v.text());
      formula(q.body(), inner, declared, arity);
    }
  }

  private void atom(Formula.Atom a, Set<String> bound, Map<String, Ident> declared, Map<String, Integer> arity,
      boolean ground) {
    if (a.predicate().isMissing()) return;
    String p = a.predicate().text();
    if (!declared.containsKey(p)) {
      env.error(Code.E0604, a.predicate().span(), "undeclared predicate `" + p + "`" + Suggest.hint(p, declared.keySet())
          + "; declare it with `predicate " + p + "`");
    } else {
      scope.lookupLocal(p).ifPresent(s -> env.resolved(a.predicate(), s));
      Integer known = arity.putIfAbsent(p, a.terms().size());
      if (known != null && known != a.terms().size()) {
        env.error(Code.E0601, a.span(), "`" + p + "` takes " + known + " argument" + (known == 1 ? "" : "s")
            + " elsewhere, but " + a.terms().size() + " here");
      }
    }
    if (ground) return;
    for (Ident t : a.terms()) {
      if (!bound.contains(t.text())) {
        env.error(Code.E0602, t.span(), "variable `" + t.text() + "` is not bound; add `forall " + t.text()
            + ":` or `exists " + t.text() + ":` in front of the formula");
      }
    }
  }

  // ---- meta-learning ----

  private void meta(Decl.Meta m) {
    family(m.family(), "meta", "meta-learning algorithm");
    boolean model = false;
    boolean tasks = false;
    for (Member x : m.members()) {
      if (x instanceof Member.Model mm) {
        model = true;
        Optional<Signature> sig = Catalog.lookup("meta_model", mm.spec().name().text());
        if (sig.isEmpty()) {
          env.error(Code.E0701, mm.spec().name().span(), "unknown model `" + mm.spec().name().text() + "`"
              + Suggest.hint(mm.spec().name().text(), Catalog.names("meta_model")) + " (known: mlp)");
        } else {
          Map<String, Expr> b = binder.bind(mm.spec(), sig.get(), scope);
          long layers = b.keySet().stream().filter(k -> k.startsWith("#")).count();
          if (layers < 2) env.error(Code.E0701, mm.spec().span(), "an mlp needs at least an input and an output size");
        }
      } else if (x instanceof Member.Tasks t) {
        tasks = true;
        family(t.spec(), "tasks", "task distribution");
      } else if (x instanceof Member.Gate g) {
        if (!List.of("none", "neuromodulatory", "per_parameter").contains(g.value().text())) {
          env.error(Code.E0205, g.value().span(), "unknown gate `" + g.value().text() + "` (none, neuromodulatory, per_parameter)"
              + Suggest.hint(g.value().text(), List.of("none", "neuromodulatory", "per_parameter")));
        }
      } else if (x instanceof Member.Section s && s.name() != null && !s.name().isMissing()) {
        Optional<Signature> sig = Catalog.lookup("meta_section", s.name().text());
        if (sig.isEmpty()) {
          env.error(Code.E0205, s.name().span(), "a meta-learning loop has no section `" + s.name().text() + "`"
              + Suggest.hint(s.name().text(), Catalog.names("meta_section")) + " (sections: inner, outer)");
        } else {
          binder.bindSettings(s.settings(), sig.get(), scope, s.span());
        }
      }
    }
    if (!model) env.error(Code.E0209, m.name().span(), "meta-learning loop `" + m.name().text() + "` needs a `model`");
    if (!tasks) env.error(Code.E0209, m.name().span(), "meta-learning loop `" + m.name().text() + "` needs `tasks`");
  }
}
