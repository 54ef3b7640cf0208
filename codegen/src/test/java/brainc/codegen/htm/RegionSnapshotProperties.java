package brainc.codegen.htm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import brainc.runtime.htm.AnomalyLikelihood;
import brainc.runtime.htm.DateEncoder;
import brainc.runtime.htm.HtmModel;
import brainc.runtime.htm.LikelihoodParams;
import brainc.runtime.htm.RdseEncoder;
import brainc.runtime.htm.SpParams;
import brainc.runtime.htm.TmParams;
import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;
import brainc.runtime.random.CounterRng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * A region stopped at a random record, written to a snapshot file, read back and restored into
 * a fresh region (on the same engine or the other) continues with the same scores, bit for bit,
 * as the region that was never stopped.
 */
class RegionSnapshotProperties {
  private static final int RECORDS = 260;

  private static RegionInstance region(HtmBackend engine, long seed, int columns, boolean global) {
    List<HtmModel.Input> inputs = List.of(new HtmModel.Input(1, new RdseEncoder(200, 11, 1.0, 42)),
        new HtmModel.Input(0, new DateEncoder(11, 6, 5, 0, 1)));
    int width = HtmModel.inputWidth(inputs);
    SpParams sp = new SpParams(width, columns, global ? 0 : 20, 0.7, 0.04, global, 0, 0.03f, 0.01f, 0.2f, 0.001, 40,
        seed % 2 == 0 ? 0 : 1.5, seed);
    TmParams tm = new TmParams(columns, 6, 6, 4, 8, 0.21f, 0.4f, 0.1f, 0.05f, 0.004f, 4, 16, seed + 1);
    HtmBackend.Pair pair = engine.build(sp, tm);
    return new RegionInstance(new HtmModel(inputs, pair.spatialPooler(), pair.temporalMemory(),
        new AnomalyLikelihood(new LikelihoodParams(30, 30, 120, 25, 10)), true, true, 1, 0.05));
  }

  /** Record i of stream {@code seed}: a repeating pattern plus a random walk, and now and then a reset. */
  private static long step(RegionInstance r, long seed, int i) {
    double value = (i % 12) * 4 + CounterRng.normal(seed, 2, i, 0) * 3 + (i > 200 ? 40 : 0);
    String[] texts = {String.format("2015-03-%02d %02d:%02d:00", 1 + (i / 96) % 28, (i / 4) % 24, (i % 4) * 15),
        Double.toString(value)};
    double[] numbers = {Double.NaN, value};
    if (i % 97 == 96) r.model().reset();
    HtmModel.Scores s = r.model().step(texts, numbers);
    return Double.doubleToLongBits(s.anomalyScore()) * 31 + Double.doubleToLongBits(s.rawScore());
  }

  @Property(tries = 10)
  void aRestoredRegionContinuesBitIdentically(@ForAll @LongRange(min = 0, max = 10_000) long seed,
      @ForAll @IntRange(min = 1, max = RECORDS - 1) int cut, @ForAll @IntRange(min = 64, max = 300) int columns,
      @ForAll boolean global, @ForAll boolean jvmFirst, @ForAll boolean jvmSecond) throws Exception {
    HtmBackend first = jvmFirst ? HtmBackend.jvm() : HtmBackend.interp();
    HtmBackend second = jvmSecond ? HtmBackend.jvm() : HtmBackend.interp();
    RegionInstance whole = region(first, seed, columns, global);
    RegionInstance stopped = region(first, seed, columns, global);
    long[] expected = new long[RECORDS];
    for (int i = 0; i < RECORDS; i++) expected[i] = step(whole, seed, i);
    for (int i = 0; i < cut; i++) step(stopped, seed, i);
    Path file = Files.createTempFile("region", ".npz");
    try {
      stopped.snapshot().write(file);
      RegionInstance resumed = region(second, seed, columns, global);
      resumed.restore(Snapshot.read(file));
      for (int i = cut; i < RECORDS; i++) assertEquals(expected[i], step(resumed, seed, i), "record " + i + " after a cut at " + cut);
      assertEquals(whole.model().records(), resumed.model().records());
      assertEquals(whole.model().temporalMemory().synapses(), resumed.model().temporalMemory().synapses());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Example
  void aSnapshotOfAnotherRegionIsRefusedAndChangesNothing() throws Exception {
    RegionInstance small = region(HtmBackend.interp(), 3, 64, true);
    RegionInstance large = region(HtmBackend.interp(), 3, 128, true);
    RegionInstance twin = region(HtmBackend.interp(), 3, 128, true);
    for (int i = 0; i < 50; i++) {
      step(small, 3, i);
      step(large, 3, i);
      step(twin, 3, i);
    }
    SnapshotException e = assertThrows(SnapshotException.class, () -> large.restore(small.snapshot()));
    assertEquals(true, e.getMessage().contains("another model or with other settings"), e.getMessage());
    for (int i = 50; i < 120; i++) assertEquals(step(twin, 3, i), step(large, 3, i), "record " + i);
  }
}
