package brainc.compiler.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.model.IrModule;
import brainc.runtime.io.NpyArray;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * {@code brainc run --plot}: one SVG per monitor, well formed, the same bytes for the same run
 * (golden files in {@code src/test/resources/plots}, rewritten with
 * {@code -Dbrainc.golden.update=true}), and bounded for large populations.
 */
class RunPlotsTest {
  private static final boolean UPDATE = Boolean.getBoolean("brainc.golden.update");
  private static final Path GOLDEN = Path.of("src/test/resources/plots");

  private static Map<String, String> plots(String model, double duration) throws Exception {
    IrModule m = RunsTest.module(model);
    PreparedRun run = Runs.prepare(m, Runs.statements(m).get(0).target(), RunOptions.DEFAULTS.withDuration(duration));
    try (RunInstance sim = run.instantiate()) {
      Map<String, NpyArray> monitors = sim.finish().monitors();
      return RunPlots.of(run.kernel(), monitors);
    }
  }

  @Test
  void everyKindOfMonitorIsDrawnTheSameWayEachTime() throws Exception {
    String model = SynapseMonitorTest.LEARN.replace("monitor spikes of post",
        "monitor spikes of pre, post\n  monitor rate of pre\n  monitor v of post every 1 ms");
    Map<String, String> a = plots(model, 0.3);
    assertEquals(List.of("w_pre_post", "w_pre_4_12_post_1_4", "spikes_pre", "spikes_post", "rate_pre", "v_post"),
        List.copyOf(a.keySet()));
    assertEquals(a, plots(model, 0.3));
    for (var e : a.entrySet()) {
      // Well-formed XML, as a browser or Inkscape needs it.
      DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(new java.io.ByteArrayInputStream(e.getValue().getBytes(StandardCharsets.UTF_8)));
      Path golden = GOLDEN.resolve(e.getKey() + ".svg");
      if (UPDATE) {
        Files.createDirectories(GOLDEN);
        Files.writeString(golden, e.getValue());
      } else {
        assertEquals(Files.readString(golden), e.getValue(), e.getKey() + " (update with -Dbrainc.golden.update=true)");
      }
    }
    assertTrue(a.get("spikes_post").contains("every neuron shown"));
    assertTrue(a.get("w_pre_post").contains("first sample (grey, 0 ms)"));
  }

  @Test
  void aRasterOfFourThousandNeuronsIsThinnedAndSaysSo() throws Exception {
    Map<String, String> p = plots(RunsTest.NET.replace("LIF[200]", "LIF[4000]").replace("all[0 .. 160]", "all[0 .. 3200]")
        .replace("all[160 .. 200]", "all[3200 .. 4000]"), 0.2);
    String raster = p.get("spikes_exc");
    assertTrue(raster.contains("every 8-th neuron shown (400 of 3200)"), raster.substring(0, 400));
    // One path command per drawn pixel, at most one per pixel of the 624 x 250 grid.
    Matcher m = Pattern.compile("M\\d+ \\d+h").matcher(raster);
    int dots = 0;
    while (m.find()) dots++;
    assertTrue(dots > 100 && dots <= 624 * 250, "dots " + dots);
    assertTrue(raster.length() < 2_000_000, "size " + raster.length());
  }
}
