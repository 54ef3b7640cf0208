package brainc.compiler.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.cli.Brainc;
import brainc.ir.model.IrModule;
import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpyReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program of docs/embedding.md, line for line, gives the spikes `brainc run` gives. */
class EmbeddingTest {
  @TempDir Path dir;

  /** docs/embedding.md's main, with its file and output made the test's. */
  static long embedded(Path model) throws Exception {
    // --- docs/embedding.md, from here ---
    IrModule module = Compiler.lower(Compiler.check(model));
    PreparedRun run = Runs.prepare(module, "CUBA", RunOptions.DEFAULTS.withDuration(0.1));
    try (RunInstance sim = run.instantiate()) {
      RunResult result = sim.finish();
      NpyArray spikes = result.monitors().get("spikes_exc");   // (n, 2): step, neuron
      return spikes.shape()[0];
    }
    // --- to here ---
  }

  @Test
  void theEmbeddedRunGivesTheSpikesOfBraincRun() throws Exception {
    Path model = Path.of("../samples/cuba.brain");
    long spikes = embedded(model);
    Path out = dir.resolve("cuba");
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int code = Brainc.execute(new String[] {"run", model.toString(), "--duration", "100ms", "--out", out.toString(), "-q"},
        new PrintWriter(stdout), new PrintWriter(stderr));
    assertEquals(0, code, stderr.toString());
    assertEquals(NpyReader.read(out.resolve("spikes_exc.npy")).shape()[0], spikes);
    Matcher m = Pattern.compile("(?m)^\\s+exc\\s+\\d+ neurons\\s+(\\d+) spikes").matcher(stdout.toString());
    assertTrue(m.find(), stdout.toString());
    assertEquals(Long.parseLong(m.group(1)), spikes);
    assertTrue(spikes > 0);
  }

  @Test
  void theDocShowsThisCode() throws Exception {
    String doc = Files.readString(Path.of("../docs/embedding.md"));
    for (String line : new String[] {
        "IrModule module = Compiler.lower(Compiler.check(Path.of(\"samples/cuba.brain\")));",
        "PreparedRun run = Runs.prepare(module, \"CUBA\", RunOptions.DEFAULTS.withDuration(0.1));",
        "try (RunInstance sim = run.instantiate()) {",
        "RunResult result = sim.finish();",
        "NpyArray spikes = result.monitors().get(\"spikes_exc\");   // (n, 2): step, neuron"}) {
      assertTrue(doc.contains(line), "docs/embedding.md lacks: " + line);
    }
  }
}
