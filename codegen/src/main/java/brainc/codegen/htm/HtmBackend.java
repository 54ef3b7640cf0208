package brainc.codegen.htm;

import brainc.runtime.htm.SpParams;
import brainc.runtime.htm.SpatialPooler;
import brainc.runtime.htm.TemporalMemory;
import brainc.runtime.htm.TmParams;

/**
 * How an HTM region's spatial pooler and temporal memory are built: {@code interp} runs the
 * runtime's kernels parameterised by the params records; {@code jvm} runs kernels specialised to
 * the region's constants. Both give the same columns, cells and scores.
 */
public interface HtmBackend {
  String name();

  SpatialPooler spatialPooler(SpParams params);

  TemporalMemory temporalMemory(TmParams params);

  /** The reference: the runtime's kernels as they are. */
  static HtmBackend interp() {
    return new HtmBackend() {
      @Override
      public String name() {
        return "interp";
      }

      @Override
      public SpatialPooler spatialPooler(SpParams params) {
        return new SpatialPooler(params);
      }

      @Override
      public TemporalMemory temporalMemory(TmParams params) {
        return new TemporalMemory(params);
      }
    };
  }
}
