#!/usr/bin/env bash
# NIR export: time and size of `compile --target nir` on bench/nir_cuba4k.brain (a 4000 x 4000
# float32 matrix, 64 MB), plain and deflated, against the baseline of the same float32 arrays
# written by the runtime's NpzFile. Not a test: it prints the figures.
#
#   bench/nir.sh [MODEL] [ROUNDS]     (defaults: bench/nir_cuba4k.brain, 5)
#
# In one JVM, after a warm-up round, ROUNDS interleaved rounds of: the export's recognition and
# materialisation (NirExport.export: specialise, fold, recognise, draw the synapses as `run`
# does), the HDF5 write plain and deflated (NirWriter), and NpzFile.write of the graph's weight
# arrays; medians. Then the wall time of one cold `brainc compile --target nir` (JVM start and
# front end included). Sizes: the .nir files against the raw float32 bytes and the .npz.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
model=${1:-bench/nir_cuba4k.brain}
rounds=${2:-5}
# BRAINC_JAR: a jar to measure instead of this checkout's (which bin/brainc builds when stale).
if [ -z "${BRAINC_JAR:-}" ]; then BRAINC_NO_CDS=1 bin/brainc --version > /dev/null; fi
jar=${BRAINC_JAR:-compiler/target/brainc.jar}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/NirBench.java" <<'JAVA'
import brainc.codegen.nir.NirGraph;
import brainc.codegen.nir.NirWriter;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.compiler.nir.NirExport;
import brainc.compiler.nir.NirOptions;
import brainc.ir.source.SourceFile;
import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpzFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class NirBench {
  static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  public static void main(String[] args) throws Exception {
    Path model = Path.of(args[0]);
    int rounds = Integer.parseInt(args[1]);
    Path dir = Path.of(args[2]);
    var analysis = new Frontend().analyze(SourceFile.of(model.toString(), Files.readString(model)));
    var module = Lowering.lower(analysis);
    List<Double> export = new ArrayList<>(), plain = new ArrayList<>(), deflated = new ArrayList<>(), npz = new ArrayList<>();
    long rawBytes = 0;
    for (int r = 0; r <= rounds; r++) {
      long t0 = System.nanoTime();
      NirExport.Result res = NirExport.export(module, NirOptions.DEFAULT);
      long t1 = System.nanoTime();
      if (res.refused()) throw new IllegalStateException(res.diagnostics().toString());
      NirGraph g = res.graphs().values().iterator().next();
      NirWriter.write(g, dir.resolve("plain.nir"), false);
      long t2 = System.nanoTime();
      NirWriter.write(g, dir.resolve("deflated.nir"), true);
      long t3 = System.nanoTime();
      Map<String, NpyArray> arrays = new LinkedHashMap<>();
      rawBytes = 0;
      for (NirGraph.Node n : g.nodes()) {
        if (n.fields().get("weight") instanceof float[][] w) {
          float[] flat = new float[w.length * w[0].length];
          for (int i = 0; i < w.length; i++) System.arraycopy(w[i], 0, flat, i * w[0].length, w[0].length);
          arrays.put(n.name() + ".weight", NpyArray.of(flat, w.length, w[0].length));
          rawBytes += 4L * flat.length;
        }
      }
      long t4 = System.nanoTime();
      NpzFile.write(dir.resolve("baseline.npz"), arrays);
      long t5 = System.nanoTime();
      if (r == 0) continue; // warm-up
      export.add((t1 - t0) / 1e9);
      plain.add((t2 - t1) / 1e9);
      deflated.add((t3 - t2) / 1e9);
      npz.add((t5 - t4) / 1e9);
    }
    System.out.printf("medians of %d rounds (s): recognise+materialise %.3f | write .nir %.3f | write .nir deflated %.3f"
        + " | baseline NpzFile %.3f%n", rounds, median(export), median(plain), median(deflated), median(npz));
    long p = Files.size(dir.resolve("plain.nir")), d = Files.size(dir.resolve("deflated.nir")),
        b = Files.size(dir.resolve("baseline.npz"));
    System.out.printf("sizes (bytes): raw float32 %d | .nir %d (%.4fx raw) | .nir deflated %d (%.4fx) | baseline .npz %d%n",
        rawBytes, p, (double) p / rawBytes, d, (double) d / rawBytes, b);
  }
}
JAVA
echo "model: $model; $(nproc) cores; $(java -version 2>&1 | head -1)"
java -Xmx3g -cp "$jar" "$tmp/NirBench.java" "$model" "$rounds" "$tmp"
start=$(date +%s.%N)
java -jar "$jar" compile "$model" --target nir -o "$tmp/cli" > /dev/null
end=$(date +%s.%N)
echo "cold brainc compile --target nir (wall, JVM start included): $(echo "$end - $start" | bc) s"
