package brainc.codegen.htm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.runtime.htm.AnomalyLikelihood;
import brainc.runtime.htm.BacktrackParams;
import brainc.runtime.htm.BacktrackingMemory;
import brainc.runtime.htm.DateEncoder;
import brainc.runtime.htm.HtmModel;
import brainc.runtime.htm.LikelihoodParams;
import brainc.runtime.htm.RdseEncoder;
import brainc.runtime.htm.SpParams;
import brainc.runtime.htm.TmParams;
import brainc.runtime.io.Snapshot;
import brainc.runtime.random.CounterRng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * A region with the backtracking temporal memory gives the same columns, cells and scores, bit
 * for bit, on the interpreter's reference kernels and on the jvm engine's specialised ones; and
 * one stopped at a random record, written to a snapshot file and restored on either engine
 * continues as the one never stopped.
 */
class BacktrackingRegionProperties {
  private static final int RECORDS = 260;

  private static RegionInstance region(HtmBackend engine, long seed, int columns, int cells, int maxSynapses) {
    List<HtmModel.Input> inputs = List.of(new HtmModel.Input(1, new RdseEncoder(200, 11, 1.0, 42)),
        new HtmModel.Input(0, new DateEncoder(11, 6, 5, 0, 1)));
    SpParams sp = new SpParams(HtmModel.inputWidth(inputs), columns, 0, 0.7, 0.04, true, 0, 0.03f, 0.01f, 0.2f, 0.001, 40,
        0, seed);
    TmParams tm = new TmParams(columns, cells, 6, 4, 8, 0.21f, 0.4f, 0.1f, 0.05f, 0f, 4, maxSynapses, seed + 1);
    HtmBackend.BacktrackingPair pair = engine.buildBacktracking(sp, tm, new BacktrackParams(3, 10, 5, 32, 0f, 0));
    return new RegionInstance(new HtmModel(inputs, pair.spatialPooler(), pair.temporalMemory(),
        new AnomalyLikelihood(new LikelihoodParams(30, 30, 120, 25, 10)), true, true, 1, 0.05));
  }

  /** Record i of stream {@code seed}: a repeating pattern plus a random walk, a level shift, now and then a reset. */
  private static long step(RegionInstance r, long seed, int i) {
    double value = (i % 12) * 4 + CounterRng.normal(seed, 2, i, 0) * 3 + (i > 200 ? 40 : 0);
    String[] texts = {String.format("2015-03-%02d %02d:%02d:00", 1 + (i / 96) % 28, (i / 4) % 24, (i % 4) * 15),
        Double.toString(value)};
    double[] numbers = {Double.NaN, value};
    if (i % 97 == 96) r.model().reset();
    HtmModel.Scores s = r.model().step(texts, numbers);
    return Double.doubleToLongBits(s.anomalyScore()) * 31 + Double.doubleToLongBits(s.rawScore());
  }

  private static BacktrackingMemory memory(RegionInstance r) {
    return (BacktrackingMemory) r.model().temporalMemory();
  }

  @Property(tries = 8)
  void interpAndJvmAgree(@ForAll @LongRange(min = 0, max = 10_000) long seed,
      @ForAll @IntRange(min = 64, max = 300) int columns, @ForAll @IntRange(min = 2, max = 10) int cells,
      @ForAll @IntRange(min = 8, max = 40) int maxSynapses) {
    RegionInstance a = region(HtmBackend.interp(), seed, columns, cells, maxSynapses);
    RegionInstance b = region(HtmBackend.jvm(), seed, columns, cells, maxSynapses);
    for (int i = 0; i < RECORDS; i++) {
      assertEquals(step(a, seed, i), step(b, seed, i), "scores at record " + i);
      assertArrayEquals(a.model().activeColumns(), b.model().activeColumns(), "columns at record " + i);
      assertArrayEquals(memory(a).activeCells(), memory(b).activeCells(), "cells at record " + i);
      assertArrayEquals(memory(a).predictedColumns(), memory(b).predictedColumns(), "predictions at record " + i);
      assertArrayEquals(memory(a).learningCells(), memory(b).learningCells(), "learning cells at record " + i);
    }
    assertEquals(memory(a).synapses(), memory(b).synapses());
    assertTrue(memory(a).segments() > 0, "the memory learned something");
  }

  @Property(tries = 8)
  void aRestoredRegionContinuesBitIdentically(@ForAll @LongRange(min = 0, max = 10_000) long seed,
      @ForAll @IntRange(min = 1, max = RECORDS - 1) int cut, @ForAll boolean jvmFirst, @ForAll boolean jvmSecond)
      throws Exception {
    HtmBackend first = jvmFirst ? HtmBackend.jvm() : HtmBackend.interp();
    HtmBackend second = jvmSecond ? HtmBackend.jvm() : HtmBackend.interp();
    RegionInstance whole = region(first, seed, 120, 6, 16);
    RegionInstance stopped = region(first, seed, 120, 6, 16);
    long[] expected = new long[RECORDS];
    for (int i = 0; i < RECORDS; i++) expected[i] = step(whole, seed, i);
    for (int i = 0; i < cut; i++) step(stopped, seed, i);
    Path file = Files.createTempFile("region", ".npz");
    try {
      stopped.snapshot().write(file);
      RegionInstance resumed = region(second, seed, 120, 6, 16);
      resumed.restore(Snapshot.read(file));
      for (int i = cut; i < RECORDS; i++) assertEquals(expected[i], step(resumed, seed, i), "record " + i + " after a cut at " + cut);
      assertEquals(memory(whole).synapses(), memory(resumed).synapses());
      assertEquals(null, memory(resumed).invariantProblem());
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
