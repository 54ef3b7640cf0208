package brainc.compiler.tensor;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.TrainPipeline;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.source.SourceFile;
import brainc.ir.tensor.TensorProgram;

/** Small `.brain` networks for the training tests, compiled to differentiated programs. */
final class TensorModels {
  private TensorModels() {}

  /** A layered network: sizes[0] inputs, then one Leaky layer per further size. */
  static String source(int[] sizes, String encoder, String surrogate, String output, double beta) {
    StringBuilder s = new StringBuilder("use brain.neurons.Leaky\n\nneuron Neuron extends Leaky {\n  param beta = "
        + beta + "\n}\n\n");
    if (!surrogate.isEmpty()) {
      s = new StringBuilder("neuron Neuron {\n  param beta = " + beta + " in 0 .. 1\n  param threshold = 1.0\n"
          + "  state mem = 0.0\n  input I kernel delta\n  step mem = beta * mem + I\n"
          + "  spike when mem > threshold surrogate " + surrogate + " { mem = mem - threshold }\n}\n\n");
    }
    s.append("network Net {\n  input x[").append(sizes[0]).append("] encode ").append(encoder).append('\n');
    StringBuilder chain = new StringBuilder("x");
    for (int l = 1; l < sizes.length; l++) {
      s.append("  layer l").append(l).append(" = Neuron[").append(sizes[l]).append("]\n");
      chain.append(" -> l").append(l);
    }
    s.append("  connect ").append(chain).append(" dense\n");
    s.append("  output y = ").append(output).append("(l").append(sizes.length - 1).append(")\n}\n");
    return s.toString();
  }

  /** What `brainc check` reports of training {@code source}'s network on a dataset (TrainCheck). */
  static java.util.List<brainc.ir.diag.Diagnostic> refusals(String source) {
    String text = source + "train Net on dataset fashion_mnist {\n  loss cross_entropy(y)\n}\n";
    Analysis a = new Frontend().analyze(SourceFile.of("test.brain", text));
    if (a.hasErrors()) throw new IllegalArgumentException(a.diagnostics() + "\n" + text);
    IrModule m = Lowering.lower(a);
    var t = (brainc.ir.model.TrainSpec) m.decls().stream().filter(d -> d instanceof brainc.ir.model.TrainSpec).findFirst().orElseThrow();
    return brainc.compiler.passes.TrainCheck.check(m, t);
  }

  static TensorProgram compile(String source, boolean detachReset) {
    Frontend f = new Frontend();
    Analysis a = f.analyze(SourceFile.of("test.brain", source));
    if (a.hasErrors()) throw new IllegalArgumentException(a.diagnostics() + "\n" + source);
    IrModule m = Lowering.lower(a);
    Network net = (Network) m.find("Net").orElseThrow();
    return TrainPipeline.compile(m, net, detachReset, (p, x) -> {});
  }
}
