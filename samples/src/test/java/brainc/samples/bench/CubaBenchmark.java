package brainc.samples.bench;

import brainc.codegen.Backend;
import brainc.codegen.Driver;
import brainc.codegen.Simulation;
import brainc.codegen.interp.Interpreter;
import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.Pipeline;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.runtime.sim.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times whole CUBA runs in-process: compile (front end, passes, build of connectivity and
 * buffers) and simulate, per backend, with medians over rounds. Run by bench/cuba.sh; not a test.
 *
 * <p>Arguments: MODEL DURATION_S ROUNDS BACKEND... where a backend is {@code jvm} or {@code
 * interp}, optionally with a thread count and a chunk threshold: {@code jvm:2}, {@code jvm:2:1000}
 * (two threads, loops split into chunks of at least 1,000 iterations).
 */
public final class CubaBenchmark {
  private CubaBenchmark() {}

  static Backend backend(String name) throws ReflectiveOperationException {
    String[] parts = name.split(":");
    Backend b = parts[0].equals("interp") ? new Interpreter()
        : (Backend) Class.forName("brainc.codegen.jvm.JvmBackend").getDeclaredConstructor().newInstance();
    Driver.Options o = b.options();
    if (parts.length > 1) o = o.withThreads(Integer.parseInt(parts[1]));
    if (parts.length > 2) o = o.withMinChunk(Integer.parseInt(parts[2]));
    return b.withOptions(o);
  }

  private static int threads(String name) {
    String[] parts = name.split(":");
    return parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static long peakRssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  public static void main(String[] args) throws Exception {
    Path model = Path.of(args[0]);
    double duration = Double.parseDouble(args[1]);
    int rounds = Integer.parseInt(args[2]);
    List<String> backends = List.of(args).subList(3, args.length);
    System.out.printf(Locale.ROOT, "%s, %.3g s of model time, %d round(s)%n", model.getFileName(), duration, rounds);
    System.out.printf(Locale.ROOT, "%-11s %7s %9s %9s %11s %12s %10s %9s %10s%n", "backend", "threads", "compile s", "sim s",
        "sim s/wall", "events/s", "spikes", "heap MiB", "B/synapse");
    double baseline = Double.NaN;
    for (String name : backends) {
      double[] compile = new double[rounds];
      double[] simulate = new double[rounds];
      long spikes = 0;
      long synapses = 0;
      long neurons = 0;
      double heapMiB = 0;
      double perSynapse = 0;
      for (int r = 0; r < rounds; r++) {
        long before = usedHeap();
        long t0 = System.nanoTime();
        Frontend fe = new Frontend();
        Analysis a = fe.analyze(fe.loader().read(model));
        if (a.hasErrors()) throw new IllegalStateException(a.diagnostics().toString());
        IrModule m = Lowering.lower(a);
        RunSpec run = (RunSpec) m.decls().stream().filter(d -> d instanceof RunSpec).findFirst().orElseThrow();
        Pipeline.RunSettings s = Pipeline.settings(run);
        s = new Pipeline.RunSettings(duration, s.dt(), s.seed());
        Pipeline.Result res = Pipeline.compile(m, run, s, new PassContext(), (p, ir) -> {});
        Simulation sim = backend(name).prepare(res.kernel());
        compile[r] = (System.nanoTime() - t0) / 1e9;
        long built = usedHeap();
        sim.run(res.kernel().steps(), (d, t) -> {});
        sim.close();
        RunSummary summary = sim.summary();
        simulate[r] = summary.simulateNanos() / 1e9;
        synapses = summary.synapses();
        neurons = summary.neurons();
        spikes = summary.groups().stream().filter(g -> g.name().equals("all")).mapToLong(RunSummary.GroupStats::spikes)
            .findFirst().orElse(0);
        heapMiB = (built - before) / (1024.0 * 1024.0);
        perSynapse = (double) (built - before) / Math.max(1, synapses);
      }
      double sim = median(simulate);
      // Each spike is delivered to its source's targets: about synapses/neurons of them.
      double events = spikes * ((double) synapses / Math.max(1, neurons));
      System.out.printf(Locale.ROOT, "%-11s %7d %9.3f %9.3f %11.3f %12.3g %10d %9.1f %10.1f%n", name, threads(name),
          median(compile), sim,
          duration / sim, events / sim, spikes, heapMiB, perSynapse);
      if (Double.isNaN(baseline)) baseline = sim;
      else System.out.printf(Locale.ROOT, "            %s is %.2fx the speed of %s%n", name, baseline / sim, backends.get(0));
    }
    System.out.printf(Locale.ROOT, "peak resident memory of this process: %.0f MiB%n", peakRssKb() / 1024.0);
  }

}
