package brainc.compiler.api;

import brainc.codegen.java.JavaTarget;
import brainc.codegen.java.PropertyRunner;
import brainc.compiler.ast.Member;
import brainc.compiler.driver.Analysis;
import brainc.compiler.lower.Lowering;
import brainc.compiler.targets.JavaTargetCheck;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.Const;
import brainc.ir.model.Decl;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.model.Projection;
import brainc.ir.model.Setting;
import brainc.ir.model.Unary;
import brainc.ir.model.UnaryOp;
import brainc.ir.rewrite.ConstantFolding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code brainc verify} as stages: {@link #prepare} checks what the {@code java} target needs
 * (E11xx, so that the properties are checked under the semantics `run` has) and generates the
 * one-synapse simulators and jqwik property tests; {@link #run} compiles them in memory and runs
 * them. The command only parses its flags and prints.
 *
 * <p>What is verified: the models declared in the file and the models it imports by name
 * ({@code use brain.synapses.STDP}) or by package ({@code use brain.synapses}), and every
 * distinct use of a synapse model with overrides in a network of the module, with exactly
 * those values.
 */
public final class Verification {
  private Verification() {}

  /** The generated tests, and one line for each use of a model that is not verified (and why). */
  public static final class Prepared {
    private final JavaTarget.Output output;
    private final List<String> notes;

    Prepared(JavaTarget.Output output, List<String> notes) {
      this.output = output;
      this.notes = List.copyOf(notes);
    }

    /** Each generated source's path relative to a source root ({@code pkg/Name.java}) and its text, in order. */
    public Map<String, String> sources() {
      return output.sources();
    }

    /** The properties that are not verified ({@code Model.property}): those of neuron models, for now. */
    public List<String> skipped() {
      return output.skipped();
    }

    /** Whether there is any synapse property to run. */
    public boolean hasProperties() {
      return !output.suites().isEmpty();
    }

    /** One line for each use of a model that is not verified, and why. */
    public List<String> notes() {
      return notes;
    }
  }

  /** One property's verdict: passed after {@code tries} random cases, or failed with the shrunk counterexample. */
  public record PropertyResult(String label, boolean passed, int tries, String message) {}

  /** The JDK has no compiler (brainc runs on a JRE), and the generated tests must be compiled. */
  public static final class NoJavaCompilerException extends Exception {
    private static final long serialVersionUID = 1L;

    NoJavaCompilerException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The property tests of an analysed model, {@code tries} random cases each, in {@code
   * packageName} (null: from the model's name); a {@link ModelException} with the checker's errors
   * or with what the java target cannot do (E11xx).
   */
  public static Prepared prepare(Analysis analysis, int tries, String packageName) throws ModelException {
    IrModule module = Compiler.lower(analysis);
    String pkg = packageName != null ? packageName : JavaTarget.packageFor(module.name()) + ".verify";
    List<String> notes = new ArrayList<>();
    List<JavaTarget.Instance> instances = instances(module, notes);
    Set<String> used = new HashSet<>();
    instances.forEach(i -> used.add(i.model()));
    Predicate<Decl> selected = selection(analysis);
    Predicate<Decl> emitted = d -> selected.test(d) || used.contains(d.name());
    List<Diagnostic> refused = JavaTargetCheck.check(module, emitted);
    if (!refused.isEmpty()) throw new ModelException(refused);
    return new Prepared(JavaTarget.generate(module, pkg, emitted, tries, instances), notes);
  }

  /** Compiles the tests of {@code prepared} in memory and runs every property, in order. */
  public static List<PropertyResult> run(Prepared prepared) throws NoJavaCompilerException {
    try {
      return PropertyRunner.run(prepared.output).stream()
          .map(r -> new PropertyResult(r.label(), r.passed(), r.tries(), r.message())).toList();
    } catch (PropertyRunner.NoCompilerException e) {
      throw new NoJavaCompilerException(e.getMessage(), e);
    }
  }

  /**
   * Every distinct use of a synapse model with overrides in a network of the module: the values a
   * model really runs with, which verify checks besides the declared ranges. A use whose values
   * are not constants (after folding) is listed in {@code notes} as not verified.
   */
  static List<JavaTarget.Instance> instances(IrModule module, List<String> notes) {
    List<JavaTarget.Instance> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Decl d : module.decls()) {
      if (!(d instanceof Network n)) continue;
      for (Projection pr : n.projections()) {
        if (pr.synapse().isEmpty() || pr.synapseOverrides().isEmpty()) continue;
        String where = n.name() + ": " + pr.source() + " -> " + pr.target();
        Map<String, Double> values = new LinkedHashMap<>();
        String unknown = null;
        for (Setting o : pr.synapseOverrides()) {
          Optional<Double> v = constant(ConstantFolding.fold(o.value()));
          if (v.isEmpty()) {
            unknown = o.name();
            break;
          }
          values.put(o.name(), v.get());
        }
        if (unknown != null) {
          notes.add(JavaTarget.simple(pr.synapse().get()) + " in " + where + " ... skipped (`" + unknown
              + "` is not a constant)");
          continue;
        }
        if (seen.add(pr.synapse().get() + values)) out.add(new JavaTarget.Instance(pr.synapse().get(), where, values));
      }
    }
    return out;
  }

  private static Optional<Double> constant(brainc.ir.model.Expr e) {
    if (e instanceof Const c) return Optional.of(c.value());
    if (e instanceof Unary u && u.op() == UnaryOp.NEG) return constant(u.operand()).map(v -> -v);
    return Optional.empty();
  }

  /** The file's own models, and those it imports by name or by package. */
  private static Predicate<Decl> selection(Analysis analysis) {
    var main = analysis.main().source().id();
    List<String> uses = analysis.main().ast().uses().stream().map(Member.Use::target).map(q -> q.text()).toList();
    return d -> d.origin().span().source().equals(main)
        || uses.stream().anyMatch(u -> d.name().equals(u) || d.name().startsWith(u + "."));
  }
}
