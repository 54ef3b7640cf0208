package brainc.compiler.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.TrainPipeline;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.source.SourceFile;
import brainc.ir.tensor.TExpr;
import brainc.ir.tensor.TOp;
import brainc.ir.tensor.TensorParser;
import brainc.ir.tensor.TensorPrinter;
import brainc.ir.tensor.TensorProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The tensor IR's text prints and parses back to the same program, after every pass. */
class TensorTextProperties {
  private static void roundTrips(TensorProgram p) {
    String text = TensorPrinter.print(p);
    TensorProgram back = TensorParser.parse(text);
    assertEquals(p, back, text);
    assertEquals(text, TensorPrinter.print(back));
  }

  @Property(tries = 60)
  void everyPassOutputRoundTrips(
      @ForAll @IntRange(min = 1, max = 5) int inputs,
      @ForAll @IntRange(min = 1, max = 5) int hidden,
      @ForAll boolean twoLayers,
      @ForAll @IntRange(min = 0, max = 4) int surrogate,
      @ForAll boolean counts,
      @ForAll @DoubleRange(min = 0.05, max = 0.99) double beta,
      @ForAll @IntRange(min = 0, max = 3) int encoder,
      @ForAll boolean detach) {
    String sg = List.of("", "atan(alpha = 1.5)", "fast_sigmoid(slope = 2.5)", "triangle(width = 0.75)",
        "straight_through()").get(surrogate);
    String enc = List.of("bernoulli(steps = 7)", "poisson(max = 300 Hz, steps = 4)", "latency(tau = 5 ms, steps = 6)",
        "direct(steps = 3)").get(encoder);
    int[] sizes = twoLayers ? new int[] {inputs, hidden, 2} : new int[] {inputs, 3};
    String source = TensorModels.source(sizes, enc, sg, counts ? "spike_count" : "membrane", beta);
    Analysis a = new Frontend().analyze(SourceFile.of("t.brain", source));
    assertTrue(!a.hasErrors(), () -> a.diagnostics() + "\n" + source);
    IrModule m = Lowering.lower(a);
    Network net = (Network) m.find("Net").orElseThrow();
    List<TensorProgram> stages = new ArrayList<>();
    TrainPipeline.compile(m, net, detach, (pass, p) -> stages.add(p));
    assertEquals(TrainPipeline.PASSES.size(), stages.size());
    stages.forEach(TensorTextProperties::roundTrips);
  }

  @Test
  void theFashionSampleRoundTrips() throws IOException {
    Path sample = Path.of("../samples/fashion_mnist_snn.brain");
    Analysis a = new Frontend().analyze(SourceFile.of(sample.toString(), Files.readString(sample)));
    IrModule m = Lowering.lower(a);
    Network net = (Network) m.find("FashionSNN").orElseThrow();
    TrainPipeline.compile(m, net, true, (pass, p) -> roundTrips(p));
  }

  @Test
  void negationsAndNegativeLiteralsStayApart() {
    TExpr one = new TExpr.Lit(1);
    TExpr x = new TExpr.Ref("h1.mem'");
    List<TExpr> exprs = List.of(new TExpr.Neg(one), new TExpr.Lit(-1), new TExpr.Neg(new TExpr.Lit(-2.5)),
        new TExpr.Bin(TExpr.Op.SUB, new TExpr.Lit(-1e-7), x), new TExpr.Neg(new TExpr.Neg(x)),
        new TExpr.Bin(TExpr.Op.DIV, x, new TExpr.Neg(new TExpr.Lit(0.125))));
    List<TOp> ops = new ArrayList<>();
    for (int k = 0; k < exprs.size(); k++) ops.add(new TOp.Map("v" + k, exprs.get(k)));
    List<brainc.ir.tensor.Tensor> tensors = new ArrayList<>();
    tensors.add(new brainc.ir.tensor.Tensor("h1.mem'", brainc.ir.tensor.Tensor.Role.VALUE, 2, 0));
    for (int k = 0; k < exprs.size(); k++) {
      tensors.add(new brainc.ir.tensor.Tensor("v" + k, brainc.ir.tensor.Tensor.Role.VALUE, 2, 0));
    }
    roundTrips(new TensorProgram("N", 1, tensors, List.of(), ops, List.of(), List.of(), List.of()));
  }

  @Test
  void malformedTextNamesItsLineAndColumn() {
    TensorParser.ParseError e = assertThrows(TensorParser.ParseError.class,
        () -> TensorParser.parse("tensor-program N steps 2 {\n  tensor x : nonsense [3]\n}\n"));
    assertEquals(2, e.line);
    assertTrue(e.getMessage().contains("unknown tensor role"), e.getMessage());
    e = assertThrows(TensorParser.ParseError.class,
        () -> TensorParser.parse("tensor-program N steps 2 {\n  forward {\n    y = (x ? 2)\n  }\n}\n"));
    assertEquals(3, e.line);
  }
}
