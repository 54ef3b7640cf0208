package brainc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.Backend;
import brainc.codegen.Simulation;
import brainc.codegen.StepListener;
import brainc.codegen.interp.Interpreter;
import brainc.codegen.jvm.JvmBackend;
import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.Pipeline;
import brainc.compiler.sema.ExprChecker;
import brainc.ir.builtin.Builtin;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.ir.rewrite.ConstantFolding;
import brainc.ir.source.SourceFile;
import brainc.ir.types.Real;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks the one table of built-in functions ({@link Builtin}) across every consumer: each
 * function of numbers is accepted by the checker, folds to its StrictMath value, lowers to the
 * kernel IR and computes, on the interpreter and the JVM backend, what folding gives.
 */
class BuiltinTableTest {
  /** Arguments for every function of numbers: positive and dimensionless; clip's first beyond its bounds. */
  private static final double[] ARGS = {1.7, 0.2, 1.3};

  private static double[] args(Builtin f) {
    return Arrays.copyOf(ARGS, f.minArity());
  }

  @TestFactory
  Stream<DynamicTest> everyFunctionOfNumbersChecksFoldsLowersAndComputesAlike() {
    return Arrays.stream(Builtin.values()).filter(f -> f.kind() == Builtin.Kind.MATH)
        .map(f -> DynamicTest.dynamicTest(f.spelling(), () -> walk(f)));
  }

  private static void walk(Builtin f) {
    double[] a = args(f);
    double folded = f.evaluate(a).orElseThrow();
    List<Expr> constants = Arrays.stream(a).<Expr>mapToObj(x -> new Const(x, Real.DIMENSIONLESS)).toList();
    assertEquals(new Const(folded, Real.DIMENSIONLESS), ConstantFolding.fold(new Call(f.spelling(), constants, Real.DIMENSIONLESS)),
        "fold-constants gives the table's value");
    assertTrue(f.lowersToKernel(), "a function of numbers lowers to the kernel IR");
    assertTrue(f.java("x").isPresent(), "the java target spells it");
    for (Backend b : List.of(new Interpreter(), new JvmBackend())) {
      double computed = simulate(f, b);
      // The kernel IR has no decimal logarithm yet: log(x) / ln 10 is within an ulp.
      double tolerance = f == Builtin.LOG10 ? 2 * Math.ulp(folded) : 0;
      assertEquals(folded, computed, tolerance, () -> f.spelling() + " on " + b.getClass().getSimpleName());
    }
  }

  /** One step of a neuron whose update is {@code y = f(a, b, c)}, in double precision. */
  private static double simulate(Builtin f, Backend backend) {
    String names = IntStream.range(0, f.minArity()).mapToObj(i -> "s" + i).collect(Collectors.joining(", "));
    StringBuilder model = new StringBuilder("neuron G {\n");
    for (int i = 0; i < f.minArity(); i++) model.append("  state s").append(i).append(" = ").append(ARGS[i]).append('\n');
    model.append("  state y = 0\n  step y = ").append(f.spelling()).append('(').append(names).append(")\n}\n")
        .append("network N {\n  population p = G[1]\n}\nrun N for 0.1 ms dt 0.1 ms\n");
    Analysis analysis = new Frontend().analyze(SourceFile.of("builtin.brain", model.toString()));
    assertTrue(analysis.diagnostics().isEmpty(), () -> f.spelling() + ": " + analysis.diagnostics());
    IrModule m = Lowering.lower(analysis);
    RunSpec run = (RunSpec) m.decls().stream().filter(d -> d instanceof RunSpec).findFirst().orElseThrow();
    PassContext cx = new PassContext(new PassContext.Options(true, PassContext.Options.DEFAULTS.proceduralThreshold()));
    try (Simulation sim = backend.prepare(Pipeline.compile(m, run, Pipeline.settings(run), cx, (p, ir) -> {}).kernel())) {
      sim.run(1, StepListener.NONE);
      return sim.memory().f64("p.y")[0];
    }
  }

  @Test
  void drawsAndReadoutsNeitherFoldNorLowerAsFunctionsOfNumbers() {
    for (Builtin f : Builtin.values()) {
      if (f.kind() == Builtin.Kind.MATH) continue;
      assertFalse(f.foldable(), f.spelling());
      assertFalse(f.lowersToKernel(), f.spelling());
      assertEquals(f.kind() == Builtin.Kind.RANDOM, f.java("x").isPresent(), f.spelling());
    }
  }

  @Test
  void theCheckerKnowsExactlyTheTable() {
    assertEquals(Builtin.SPELLINGS, ExprChecker.FUNCTIONS);
    for (String name : Builtin.SPELLINGS) assertEquals(name, Builtin.named(name).orElseThrow().spelling());
  }
}
