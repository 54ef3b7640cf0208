package brainc.codegen.java;

import brainc.ir.analysis.LinearInSelf;
import brainc.ir.model.Assign;
import brainc.ir.model.Deliver;
import brainc.ir.model.Expr;
import brainc.ir.model.Handler;
import brainc.ir.model.If;
import brainc.ir.model.Let;
import brainc.ir.model.Modulation;
import brainc.ir.model.Ode;
import brainc.ir.model.Pairing;
import brainc.ir.model.Param;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.Side;
import brainc.ir.model.Stmt;
import brainc.ir.model.StmtVisitor;
import brainc.ir.model.SynVar;
import brainc.ir.model.SynapseModel;
import brainc.ir.model.Trace;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Generates a Java class that simulates ONE synapse of a {@link SynapseModel}: one presynaptic
 * and one postsynaptic neuron, with the model's parameters, vars and traces as public fields.
 *
 * <p>Time is continuous between events (event-driven): {@code advance(t)} decays every trace
 * exactly, {@code x *= exp(-Δt / tau)}, and integrates a var equation that is linear in its own
 * var with constant coefficients ({@code e' = -e / tau_e}) exactly too, as `brainc run` does; any
 * other var equation runs on no target, and the compiler refuses it before generation (E1101), so
 * `verify` never checks properties under a semantics that `run` does not have.
 * {@code spikes(t, pre, post)} follows section 8 of
 * the language reference: the {@code on pre} handlers, then the {@code on post} handlers, both
 * seeing the traces as they were just before this spike, then the trace increments. A
 * {@code modulated by} block acts once per clock step of {@code DT}; the caller calls
 * {@code modulate(signal, value)} at every step. {@code deliver} only records the amount.
 *
 * <p>Before: {@code on post { w = clip(w + A_plus * x_pre, 0, w_max) }}; after:
 * {@code private void onPost() { w = clip((w + (A_plus * x_pre)), 0.0, w_max); }}.
 */
public final class SynapseSimulator {
  /** The clock step of modulation, in seconds (0.1 ms). */
  public static final double DT = 1e-4;

  private final SynapseModel model;
  private final ClassName className;
  private final NameAllocator names = new NameAllocator();
  private final Map<String, String> fields = new LinkedHashMap<>();
  private final Map<String, String> letMethods = new LinkedHashMap<>();
  private final List<Ode> exact = new ArrayList<>();
  private final java.util.Set<String> helpers = new java.util.TreeSet<>();
  private final String time;
  private final String dt;

  private SynapseSimulator(SynapseModel model, ClassName className) {
    this.model = model;
    this.className = className;
    for (Param p : model.params()) fields.put(p.name(), names.newName(p.name(), p.name()));
    for (SynVar v : model.vars()) fields.put(v.name(), names.newName(v.name(), v.name()));
    for (Trace tr : model.traces()) fields.put(tr.name(), names.newName(tr.name(), tr.name()));
    for (Let l : model.lets()) letMethods.put(l.name(), names.newName(l.name(), "let " + l.name()));
    this.time = names.newName("time", "#time");
    this.dt = names.newName("DT", "#DT");
    names.newName("delivered", "#delivered");
    names.newName("lastDelivered", "#lastDelivered");
    names.newName("deliveries", "#deliveries");
    names.newName("rng", "#rng");
    for (Ode o : model.odes()) {
      if (linear(o.rhs(), o.variable()).isEmpty()) {
        throw JavaExpressions.unchecked("the synapse equation of `" + o.variable() + "`, not x' = a x + b,");
      }
      exact.add(o);
    }
  }

  /** The simulator class of {@code model}, named {@code className}. */
  public static TypeSpec generate(SynapseModel model, ClassName className) {
    return new SynapseSimulator(model, className).type();
  }

  /** The Java field that holds a parameter, var or trace of the model. */
  static String field(SynapseModel model, String member) {
    return new SynapseSimulator(model, ClassName.get("x", "X")).fields.get(member);
  }

  /** The name of the method that applies one step of the modulation by {@code signal}. */
  static String modulateMethod(String signal) {
    return "modulate" + Character.toUpperCase(signal.charAt(0)) + signal.substring(1);
  }

  // ------------------------------------------------------------------------------------------

  private String expr(Expr e, Map<String, String> signals) {
    JavaExpressions x = new JavaExpressions(ref -> ref(ref, signals));
    String s = x.translate(e);
    helpers.addAll(x.helpers);
    return s;
  }

  private String ref(Ref r, Map<String, String> signals) {
    switch (r.kind()) {
      case PARAM, VAR, TRACE -> {
        String f = fields.get(r.name());
        if (f == null) throw JavaExpressions.unchecked("`" + r.name() + "`, not a member of " + model.name() + ",");
        return f;
      }
      case LET -> {
        return letMethods.get(r.name()) + "()";
      }
      case SIGNAL -> {
        String p = signals.get(r.name());
        if (p == null) throw JavaExpressions.unchecked("the signal `" + r.name() + "` outside its `modulated by` block");
        return p;
      }
      case BUILTIN -> {
        if (r.name().equals("t")) return time;
        if (r.name().equals("dt")) return dt;
        throw JavaExpressions.unchecked("the built-in `" + r.name() + "`");
      }
      case CONSTANT -> {
        if (r.name().equals("pi")) return "Math.PI";
        throw JavaExpressions.unchecked("the constant `" + r.name() + "`");
      }
      default -> throw JavaExpressions.unchecked("the " + r.kind().keyword() + " `" + r.name() + "`");
    }
  }

  private TypeSpec type() {
    TypeSpec.Builder t = TypeSpec.classBuilder(className)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc("One {@code $L} synapse between one presynaptic and one postsynaptic neuron, generated by brainc.\n",
            model.name())
        .addJavadoc(model.doc().isBlank() ? "" : "\n<p>" + javadoc(model.doc()) + "\n")
        .addJavadoc("\n<p>Values are in SI base units (seconds, volts, …). Time is continuous between events:\n"
            + "{@link #advance} decays traces exactly ({@code x *= exp(-Δt / tau)}) and integrates linear var\n"
            + "equations exactly; a modulation acts once per clock step of {@link #DT}, when the caller calls\n"
            + "{@link #modulate}. Handlers see the traces as they were just before the spike's own increment.\n");
    t.addField(FieldSpec.builder(double.class, dt, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The clock step of modulation, in seconds.\n")
        .initializer("$L", JavaExpressions.literal(DT)).build());
    t.addField(FieldSpec.builder(ParameterizedTypeName.get(List.class, String.class), "SIGNALS",
            Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The third-factor signals this synapse is modulated by.\n")
        .initializer("$T.of($L)", List.class, String.join(", ",
            model.modulations().stream().map(m -> '"' + m.signal() + '"').toList())).build());
    Map<String, String> none = Map.of();
    for (Param p : model.params()) {
      t.addField(FieldSpec.builder(double.class, fields.get(p.name()), Modifier.PUBLIC)
          .addJavadoc(doc(p.doc(), p.range().map(r -> "In " + ModelText.print(r) + ".").orElse(""))).build());
    }
    for (SynVar v : model.vars()) {
      t.addField(FieldSpec.builder(double.class, fields.get(v.name()), Modifier.PUBLIC).addJavadoc(doc(v.doc(), "")).build());
    }
    for (Trace tr : model.traces()) {
      t.addField(FieldSpec.builder(double.class, fields.get(tr.name()), Modifier.PUBLIC)
          .addJavadoc("The $L trace: +$L per $L spike, decays with $L.\n", tr.side() == Side.PRE ? "presynaptic" : "postsynaptic",
              ModelText.print(tr.increment()), tr.side() == Side.PRE ? "presynaptic" : "postsynaptic",
              ModelText.print(tr.tau())).build());
    }
    t.addField(FieldSpec.builder(double.class, time, Modifier.PRIVATE).build());
    t.addField(FieldSpec.builder(double.class, "delivered", Modifier.PRIVATE).build());
    t.addField(FieldSpec.builder(double.class, "lastDelivered", Modifier.PRIVATE).build());
    t.addField(FieldSpec.builder(int.class, "deliveries", Modifier.PRIVATE).build());

    // Parameters take their defaults in declaration order, so a default may read an earlier one.
    CodeBlock.Builder ctor = CodeBlock.builder();
    for (Param p : model.params()) {
      ctor.addStatement("$L = $L", fields.get(p.name()), p.value().map(v -> expr(v, none)).orElse("0.0"));
    }
    ctor.addStatement("reset()");
    t.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
        .addJavadoc("A synapse with the declared parameter defaults, in its initial state.\n").addCode(ctor.build()).build());

    CodeBlock.Builder reset = CodeBlock.builder();
    for (SynVar v : model.vars()) reset.addStatement("$L = $L", fields.get(v.name()), expr(v.initial(), none));
    for (Trace tr : model.traces()) reset.addStatement("$L = 0.0", fields.get(tr.name()));
    reset.addStatement("$L = 0.0", time).addStatement("delivered = 0.0").addStatement("lastDelivered = 0.0")
        .addStatement("deliveries = 0");
    t.addMethod(MethodSpec.methodBuilder("reset").addModifiers(Modifier.PUBLIC)
        .addJavadoc("Back to time 0: vars at their declared initial values (which may read the parameters), traces at 0.\n")
        .addCode(reset.build()).build());

    t.addMethod(MethodSpec.methodBuilder("time").addModifiers(Modifier.PUBLIC).returns(double.class)
        .addJavadoc("The current time in seconds.\n").addStatement("return $L", time).build());
    t.addMethod(MethodSpec.methodBuilder("delivered").addModifiers(Modifier.PUBLIC).returns(double.class)
        .addJavadoc("The sum of the amounts delivered so far.\n").addStatement("return delivered").build());
    t.addMethod(MethodSpec.methodBuilder("lastDelivered").addModifiers(Modifier.PUBLIC).returns(double.class)
        .addJavadoc("The amount the last presynaptic spike delivered.\n").addStatement("return lastDelivered").build());
    t.addMethod(MethodSpec.methodBuilder("deliveries").addModifiers(Modifier.PUBLIC).returns(int.class)
        .addJavadoc("How many amounts have been delivered.\n").addStatement("return deliveries").build());

    t.addMethod(advance());
    t.addMethod(MethodSpec.methodBuilder("pre").addModifiers(Modifier.PUBLIC).addParameter(double.class, "at")
        .addJavadoc("A presynaptic spike at time {@code at} (seconds).\n").addStatement("spikes(at, true, false)").build());
    t.addMethod(MethodSpec.methodBuilder("post").addModifiers(Modifier.PUBLIC).addParameter(double.class, "at")
        .addJavadoc("A postsynaptic spike at time {@code at} (seconds).\n").addStatement("spikes(at, false, true)").build());
    t.addMethod(spikes());
    t.addMethod(handler("onPre", Side.PRE));
    t.addMethod(handler("onPost", Side.POST));
    t.addMethod(MethodSpec.methodBuilder("deliver").addModifiers(Modifier.PRIVATE).addParameter(double.class, "amount")
        .addStatement("lastDelivered = amount").addStatement("delivered += amount").addStatement("deliveries++").build());
    for (Modulation m : model.modulations()) t.addMethod(modulation(m));
    t.addMethod(modulate());
    t.addMethod(get());
    for (Let l : model.lets()) {
      t.addMethod(MethodSpec.methodBuilder(letMethods.get(l.name())).addModifiers(Modifier.PRIVATE).returns(double.class)
          .addStatement("return $L", expr(l.value(), none)).build());
    }
    addHelpers(t);
    return t.build();
  }

  private static String javadoc(String doc) {
    return doc.replace("*/", "*&#47;").replace("@", "{@literal @}").replace("\n\n", "\n\n<p>");
  }

  private static String doc(String doc, String extra) {
    String d = doc.isBlank() ? "" : javadoc(doc);
    if (!extra.isEmpty()) d = d.isEmpty() ? extra : d + " " + extra;
    return d.isEmpty() ? "" : d + "\n";
  }

  private MethodSpec advance() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("advance").addModifiers(Modifier.PUBLIC).addParameter(double.class, "to")
        .addJavadoc("Lets time pass until {@code to} (seconds) with no spike: exact decay of traces and linear vars.\n");
    m.beginControlFlow("if (to < $L)", time)
        .addStatement("throw new $T(\"time goes backwards: \" + to + \" < \" + $L)", IllegalArgumentException.class, time)
        .endControlFlow();
    m.addStatement("double h = to - $L", time);
    m.beginControlFlow("if (h == 0.0)").addStatement("return").endControlFlow();
    Map<String, String> none = Map.of();
    for (Trace tr : model.traces()) {
      m.addStatement("$L *= Math.exp(-h / $L)", fields.get(tr.name()), expr(tr.tau(), none));
    }
    for (Ode o : exact) {
      Linear lin = linear(o.rhs(), o.variable()).orElseThrow();
      String x = fields.get(o.variable());
      if (lin.coef == null && lin.constant == null) continue;
      if (lin.coef == null) {
        m.addStatement("$L += $L * h", x, lin.constant);
      } else if (lin.constant == null) {
        m.addStatement("$L *= Math.exp($L * h)", x, lin.coef);
      } else {
        // The solution solve-odes steps by over dt (LinearStep.exact), here over h; expm1 keeps
        // the generated code as it has always been.
        m.addComment("$L' = a $L + b: exact, x(h) = x e^(a h) + b / a (e^(a h) - 1).", o.variable(), o.variable());
        m.addStatement("double a_$L = $L", x, lin.coef).addStatement("double b_$L = $L", x, lin.constant);
        m.addStatement("$L = a_$L == 0.0 ? $L + b_$L * h : $L * Math.exp(a_$L * h) + b_$L / a_$L * Math.expm1(a_$L * h)",
            x, x, x, x, x, x, x, x, x);
      }
    }
    m.addStatement("$L = to", time);
    return m.build();
  }

  private MethodSpec spikes() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("spikes").addModifiers(Modifier.PUBLIC)
        .addParameter(double.class, "at").addParameter(boolean.class, "pre").addParameter(boolean.class, "post")
        .addJavadoc("Spikes at time {@code at} (seconds) of the presynaptic neuron, the postsynaptic one or both:\n"
            + (model.sameStep() == Pairing.UNPAIRED
                ? "the {@code on pre} handlers, then the {@code on post} handlers, then the trace increments.\n"
                : "the earlier side's handlers and trace increments, then the other side's ({@code same_step "
                    + model.sameStep().keyword() + "}).\n"));
    m.addStatement("advance(at)");
    Pairing pairing = model.sameStep();
    if (pairing == Pairing.UNPAIRED) {
      handlerCall(m, Side.PRE);
      handlerCall(m, Side.POST);
      traceIncrements(m, Side.PRE);
      traceIncrements(m, Side.POST);
    } else {
      // `same_step`: the side that counts as earlier runs its handler and its increments first.
      Side first = pairing == Pairing.PRE_THEN_POST ? Side.PRE : Side.POST;
      Side second = first == Side.PRE ? Side.POST : Side.PRE;
      m.addComment("same_step $L: the $L spike of a step counts as the earlier one.", pairing.keyword(),
          first == Side.PRE ? "presynaptic" : "postsynaptic");
      handlerCall(m, first);
      traceIncrements(m, first);
      handlerCall(m, second);
      traceIncrements(m, second);
    }
    return m.build();
  }

  private static void handlerCall(MethodSpec.Builder m, Side side) {
    m.beginControlFlow("if ($L)", side == Side.PRE ? "pre" : "post")
        .addStatement(side == Side.PRE ? "onPre()" : "onPost()").endControlFlow();
  }

  private void traceIncrements(MethodSpec.Builder m, Side side) {
    List<Trace> traces = model.traces().stream().filter(tr -> tr.side() == side).toList();
    if (traces.isEmpty()) return;
    Map<String, String> none = Map.of();
    m.beginControlFlow("if ($L)", side == Side.PRE ? "pre" : "post");
    for (Trace tr : traces) m.addStatement("$L += $L", fields.get(tr.name()), expr(tr.increment(), none));
    m.endControlFlow();
  }

  private MethodSpec handler(String name, Side side) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE);
    for (Handler h : model.handlers()) {
      if (h.side() == side) m.addCode(statements(h.body(), Map.of()));
    }
    return m.build();
  }

  private MethodSpec modulation(Modulation mod) {
    NameAllocator local = names.clone();
    String param = local.newName(mod.signal(), "#signal");
    return MethodSpec.methodBuilder(modulateMethod(mod.signal())).addModifiers(Modifier.PUBLIC)
        .addParameter(double.class, param)
        .addJavadoc("One clock step of the {@code modulated by $L} block, with the signal's current value.\n", mod.signal())
        .addCode(statements(mod.body(), Map.of(mod.signal(), param))).build();
  }

  private MethodSpec modulate() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("modulate").addModifiers(Modifier.PUBLIC)
        .addParameter(String.class, "signal").addParameter(double.class, "value")
        .addJavadoc("One clock step of the modulation by {@code signal}; see {@link #SIGNALS}.\n");
    m.beginControlFlow("switch (signal)");
    for (Modulation mod : model.modulations()) {
      m.addCode("case $S:\n", mod.signal()).addStatement("$>$L(value)", modulateMethod(mod.signal())).addStatement("break$<");
    }
    m.addCode("default:\n").addStatement("$>throw new $T(\"not modulated by \" + signal)$<", IllegalArgumentException.class);
    m.endControlFlow();
    return m.build();
  }

  private MethodSpec get() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("get").addModifiers(Modifier.PUBLIC).returns(double.class)
        .addParameter(String.class, "name")
        .addJavadoc("The value of a parameter, var or trace by its name in the model, in SI units.\n");
    m.beginControlFlow("switch (name)");
    for (Map.Entry<String, String> f : fields.entrySet()) m.addCode("case $S:\n", f.getKey()).addStatement("$>return $L$<", f.getValue());
    m.addCode("default:\n").addStatement("$>throw new $T(\"no member \" + name)$<", IllegalArgumentException.class);
    m.endControlFlow();
    return m.build();
  }

  private CodeBlock statements(List<Stmt> body, Map<String, String> signals) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (Stmt s : body) {
      s.accept(new StmtVisitor<Void>() {
        @Override
        public Void visit(Assign node) {
          if (node.targetKind() != RefKind.VAR && node.targetKind() != RefKind.TRACE) {
            throw JavaExpressions.unchecked("assigning the " + node.targetKind().keyword() + " `" + node.target() + "`");
          }
          b.addStatement("$L = $L", fields.get(node.target()), expr(node.value(), signals));
          return null;
        }

        @Override
        public Void visit(Deliver node) {
          b.addStatement("deliver($L)", expr(node.amount(), signals));
          return null;
        }

        @Override
        public Void visit(If node) {
          b.beginControlFlow("if ($L)", expr(node.condition(), signals));
          b.add(statements(node.then(), signals));
          if (!node.otherwise().isEmpty()) {
            b.nextControlFlow("else");
            b.add(statements(node.otherwise(), signals));
          }
          b.endControlFlow();
          return null;
        }
      });
    }
    return b.build();
  }

  private void addHelpers(TypeSpec.Builder t) {
    boolean random = helpers.contains("uniform") || helpers.contains("normal") || helpers.contains("bernoulli");
    if (random) {
      t.addField(FieldSpec.builder(java.util.SplittableRandom.class, "rng", Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("Random draws of the model (uniform, normal, …); seeded, so runs repeat.\n")
          .initializer("new $T(1)", java.util.SplittableRandom.class).build());
    }
    TypeName d = TypeName.DOUBLE;
    for (String h : helpers) {
      MethodSpec.Builder m = MethodSpec.methodBuilder(h).addModifiers(Modifier.PRIVATE).returns(d);
      switch (h) {
        case "clip" -> m.addModifiers(Modifier.STATIC).addParameter(d, "x").addParameter(d, "lo").addParameter(d, "hi")
            .addStatement("return Math.min(Math.max(x, lo), hi)");
        case "mod" -> m.addModifiers(Modifier.STATIC).addParameter(d, "a").addParameter(d, "b")
            .addComment("The remainder with the sign of b, as in the language reference.")
            .addStatement("return a - b * Math.floor(a / b)");
        case "heaviside" -> m.addModifiers(Modifier.STATIC).addParameter(d, "x").addStatement("return x > 0 ? 1.0 : 0.0");
        case "sigmoid" -> m.addModifiers(Modifier.STATIC).addParameter(d, "x").addStatement("return 1.0 / (1.0 + Math.exp(-x))");
        case "uniform" -> m.addParameter(d, "a").addParameter(d, "b").addStatement("return a + (b - a) * rng.nextDouble()");
        case "normal" -> m.addParameter(d, "mean").addParameter(d, "std")
            .addComment("Box-Muller: SplittableRandom has no Gaussian draw.")
            .addStatement("return mean + std * Math.sqrt(-2.0 * Math.log1p(-rng.nextDouble())) * Math.cos(2.0 * Math.PI * rng.nextDouble())");
        case "bernoulli" -> m.addParameter(d, "p").addStatement("return rng.nextDouble() < p ? 1.0 : 0.0");
        default -> throw new IllegalStateException(h);
      }
      t.addMethod(m.build());
    }
  }

  // ------------------------------------------------------------------------------------------
  // Linear equations: rhs = coef * x + constant, decomposed as solve-odes decomposes them
  // (LinearInSelf), with the coefficients as Java text over the fields.
  // ------------------------------------------------------------------------------------------

  /** Java text of the two parts; {@code null} stands for zero. */
  private record Linear(String coef, String constant) {}

  private Optional<Linear> linear(Expr e, String x) {
    return LinearInSelf.of(e, x, javaText).map(f -> new Linear(f.rate(), f.drive()));
  }

  /** Coefficients as Java text (null for zero) of {@link LinearInSelf#runConstant} expressions. */
  private final LinearInSelf.Coefficients<String> javaText = new LinearInSelf.Coefficients<>() {
    @Override
    public String constant(Expr e) {
      return LinearInSelf.runConstant(e) ? expr(e, Map.of()) : null;
    }

    @Override
    public String zero() {
      return null;
    }

    @Override
    public String one() {
      return "1.0";
    }

    @Override
    public String add(String a, String b) {
      return b == null ? a : a == null ? b : "(" + a + " + " + b + ")";
    }

    @Override
    public String sub(String a, String b) {
      return b == null ? a : a == null ? "(-" + b + ")" : "(" + a + " - " + b + ")";
    }

    @Override
    public String mul(String a, String b) {
      return a == null || b == null ? null : "(" + a + " * " + b + ")";
    }

    @Override
    public String div(String a, String b) {
      return a == null ? null : "(" + a + " / " + b + ")";
    }

    @Override
    public String neg(String a) {
      return a == null ? null : "(-" + a + ")";
    }

    @Override
    public boolean isZero(String a) {
      return a == null;
    }
  };
}
