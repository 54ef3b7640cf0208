package brainc.compiler.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.model.HtmRegion;
import brainc.ir.model.IrModule;
import brainc.ir.source.SourceFile;
import brainc.ir.spec.RegionSpec;
import org.junit.jupiter.api.Test;

/** A region's typed spec holds the Catalog's defaults for what the model leaves out, and what it sets. */
class RegionSpecTest {
  private static RegionSpec spec(String text) throws ModelException {
    IrModule m = Compiler.lower(Compiler.check(SourceFile.of("r.brain", text)));
    return RegionSpec.of((HtmRegion) m.decls().stream().filter(d -> d instanceof HtmRegion).findFirst().orElseThrow());
  }

  @Test
  void leftOutSettingsAreTheCatalogsDefaults() throws ModelException {
    RegionSpec s = spec("""
        region R : htm {
          encode value with rdse()
          encode timestamp with date(time_of_day = 21)
          anomaly likelihood()
        }
        """);
    assertTrue(s.learn());
    RegionSpec.Rdse rdse = assertInstanceOf(RegionSpec.Rdse.class, s.encoders().get(0));
    assertEquals(400, rdse.size());
    assertEquals(0.05, rdse.sparsity());
    assertTrue(rdse.resolution().isEmpty(), "resolution = auto");
    assertEquals(42, rdse.seed());
    RegionSpec.Date date = assertInstanceOf(RegionSpec.Date.class, s.encoders().get(1));
    assertEquals(21, date.timeOfDay());
    assertEquals(4.0, date.timeOfDayRadius());
    assertEquals(2048, s.pooler().columns());
    assertEquals(0.85, s.pooler().potentialPct());
    assertEquals(0.008, s.pooler().synPermInactiveDec());
    assertTrue(s.pooler().globalInhibition());
    assertEquals(1, s.pooler().seed());
    assertEquals(32, s.memory().cellsPerColumn());
    assertEquals(255, s.memory().maxSynapsesPerSegment());
    assertEquals(42, s.memory().seed());
    RegionSpec.Likelihood l = assertInstanceOf(RegionSpec.Likelihood.class, s.anomaly());
    assertTrue(l.learningPeriod().isEmpty() && l.estimationSamples().isEmpty(), "auto");
    assertEquals(8640, l.history());
    assertTrue(l.spatialTolerance().isEmpty(), "off");
  }

  @Test
  void setSettingsAreRead() throws ModelException {
    RegionSpec s = spec("""
        region R : htm {
          encode value with rdse(resolution = 0.5, active_bits = 9)
          spatial_pooler { columns = 64, learn = false }
          temporal_memory { cells_per_column = 4 }
          anomaly likelihood(learning_period = 10, spatial_tolerance = 0.05)
        }
        """);
    assertTrue(s.learn());
    RegionSpec.Rdse rdse = (RegionSpec.Rdse) s.encoders().get(0);
    assertEquals(0.5, rdse.resolution().getAsDouble());
    assertEquals(9, rdse.activeBits());
    assertEquals(64, s.pooler().columns());
    assertFalse(s.pooler().learn());
    assertEquals(4, s.memory().cellsPerColumn());
    RegionSpec.Likelihood l = (RegionSpec.Likelihood) s.anomaly();
    assertEquals(10, l.learningPeriod().getAsInt());
    assertEquals(0.05, l.spatialTolerance().getAsDouble());
  }
}
