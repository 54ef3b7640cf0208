package brainc.codegen.htm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.runtime.htm.AnomalyLikelihood;
import brainc.runtime.htm.DateEncoder;
import brainc.runtime.htm.HtmKernels;
import brainc.runtime.htm.HtmModel;
import brainc.runtime.htm.LikelihoodParams;
import brainc.runtime.htm.RdseEncoder;
import brainc.runtime.htm.SpParams;
import brainc.runtime.htm.TmParams;
import brainc.runtime.random.CounterRng;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.Example;

/**
 * interp and jvm run the same region on random streams: identical active columns, active and
 * winner cells, raw and likelihood scores, and permanences, record by record.
 */
class HtmBackendDifferentialProperties {
  private static List<HtmModel.Input> inputs(double resolution) {
    return List.of(new HtmModel.Input(1, new RdseEncoder(200, 11, resolution, 42)),
        new HtmModel.Input(0, new DateEncoder(11, 6, 5, 0, 1)));
  }

  private static HtmModel model(HtmBackend backend, SpParams sp, TmParams tm, double resolution) {
    HtmBackend.Pair pair = backend.build(sp, tm);
    return new HtmModel(inputs(resolution), pair.spatialPooler(), pair.temporalMemory(),
        new AnomalyLikelihood(new LikelihoodParams(30, 30, 200, 25, 10)), true, true, 1);
  }

  @Property(tries = 12)
  void interpAndJvmAgreeOnRandomStreams(@ForAll @LongRange(min = 0, max = 10_000) long seed,
      @ForAll @IntRange(min = 64, max = 400) int columns, @ForAll @IntRange(min = 2, max = 12) int cells,
      @ForAll @IntRange(min = 4, max = 40) int maxSynapses, @ForAll boolean global) {
    int width = 200 + DateEncoderWidth.of(11, 6, 5);
    float inc = 0.01f + 0.05f * CounterRng.uniformFloat(seed, 1, 0, 0);
    float dec = 0.001f + 0.02f * CounterRng.uniformFloat(seed, 1, 0, 1);
    SpParams sp = new SpParams(width, columns, global ? 0 : 20, 0.7, 0.04, global, 0, inc, dec, 0.2f, 0.001, 40,
        seed % 2 == 0 ? 0 : 1.5, seed);
    TmParams tm = new TmParams(columns, cells, 6, 4, 8, 0.21f, 0.4f, 0.1f, 0.05f, 0.004f, 4, maxSynapses, seed + 1);
    HtmModel a = model(HtmBackend.interp(), sp, tm, 1.0);
    HtmModel b = model(HtmBackend.jvm(), sp, tm, 1.0);
    String[] texts = new String[2];
    double[] numbers = new double[2];
    double walk = 0;
    for (int i = 0; i < 300; i++) {
      walk += CounterRng.normal(seed, 2, i, 0) * 3;
      // A repeating pattern plus noise, so that the memory both predicts and bursts.
      double value = (i % 12) * 4 + walk * 0.1;
      texts[0] = String.format("2015-03-%02d %02d:%02d:00", 1 + (i / 96) % 28, (i / 4) % 24, (i % 4) * 15);
      texts[1] = Double.toString(value);
      numbers[0] = Double.NaN;
      numbers[1] = value;
      HtmModel.Scores sa = a.step(texts, numbers);
      HtmModel.Scores sb = b.step(texts, numbers);
      assertArrayEquals(a.activeColumns(), b.activeColumns(), "columns at record " + i);
      assertArrayEquals(columnar(a).activeCells(), columnar(b).activeCells(), "cells at record " + i);
      assertArrayEquals(columnar(a).winnerCells(), columnar(b).winnerCells(), "winners at record " + i);
      assertEquals(Double.doubleToLongBits(sa.rawScore()), Double.doubleToLongBits(sb.rawScore()), "raw at " + i);
      assertEquals(Double.doubleToLongBits(sa.anomalyScore()), Double.doubleToLongBits(sb.anomalyScore()), "score at " + i);
    }
    assertArrayEquals(a.spatialPooler().permanenceSnapshot(), b.spatialPooler().permanenceSnapshot());
    assertEquals(a.temporalMemory().synapses(), b.temporalMemory().synapses());
    assertTrue(a.temporalMemory().segments() > 0, "the memory learned something");
  }

  private static brainc.runtime.htm.TemporalMemory columnar(HtmModel m) {
    return (brainc.runtime.htm.TemporalMemory) m.temporalMemory();
  }

  @Example
  void theEmittedClassCarriesTheConstantsAsImmediates() {
    SpParams sp = new SpParams(100, 64, 0, 0.8, 0.05, true, 0, 0.003f, 0.0005f, 0.2f, 0.001, 1000, 0, 1);
    TmParams tm = new TmParams(64, 4, 13, 10, 20, 0.21f, 0.5f, 0.1f, 0.1f, 0f, 128, 32, 2);
    String text = KernelSpecializer.textify(HtmKernels.Constants.of(sp, tm));
    assertTrue(text.contains("LDC 0.0015"), text);
    assertTrue(text.contains("LDC -5.0E-4"), text);
    // The connected threshold: as a float, or as its raw bits where the crossing test compares bits.
    assertTrue(text.contains("LDC 0.2") || text.contains("LDC " + Float.floatToRawIntBits(0.2f)), text);
    assertTrue(text.contains("LDC 5\n") || text.contains("ICONST_5"), text);
    assertTrue(!text.contains("GETFIELD"), "no field loads in the specialised loops");
  }

  /** The width of a date encoder, from the encoder itself. */
  private static final class DateEncoderWidth {
    static int of(int timeOfDay, double radius, int weekend) {
      return new DateEncoder(timeOfDay, radius, weekend, 0, 1).size();
    }
  }
}
