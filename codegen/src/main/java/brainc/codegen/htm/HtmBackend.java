package brainc.codegen.htm;

import brainc.runtime.htm.BacktrackParams;
import brainc.runtime.htm.BacktrackingMemory;
import brainc.runtime.htm.HtmKernels;
import brainc.runtime.htm.SpParams;
import brainc.runtime.htm.SpatialPooler;
import brainc.runtime.htm.TemporalMemory;
import brainc.runtime.htm.TmParams;

/**
 * How an HTM region's spatial pooler and temporal memory are built: {@code interp} runs the
 * runtime's reference kernels ({@link HtmKernels.Reference}, constants in fields); {@code jvm}
 * runs a class emitted for the region with the constants folded into its loops. Both give the
 * same columns, cells and scores.
 */
public interface HtmBackend extends brainc.codegen.engine.Engine {
  /** The kernels for a region with these constants. */
  HtmKernels kernels(HtmKernels.Constants k);

  /** A pooler and a memory for these parameters, sharing one set of kernels. */
  default Pair build(SpParams sp, TmParams tm) {
    HtmKernels k = kernels(HtmKernels.Constants.of(sp, tm));
    return new Pair(new SpatialPooler(sp, k), new TemporalMemory(tm, k));
  }

  /** A pooler and NuPIC's backtracking memory for these parameters, sharing one set of kernels. */
  default BacktrackingPair buildBacktracking(SpParams sp, TmParams tm, BacktrackParams bt) {
    HtmKernels k = kernels(HtmKernels.Constants.of(sp, tm));
    return new BacktrackingPair(new SpatialPooler(sp, k), new BacktrackingMemory(tm, bt, k));
  }

  /** A fresh instance of the region {@code resolved} for one stream. */
  default RegionInstance instantiate(RegionBuilder.Resolved resolved) {
    return new RegionInstance(RegionBuilder.build(resolved, this));
  }

  /** A pooler and a memory. */
  record Pair(SpatialPooler spatialPooler, TemporalMemory temporalMemory) {}

  /** A pooler and a backtracking memory. */
  record BacktrackingPair(SpatialPooler spatialPooler, BacktrackingMemory temporalMemory) {}

  /** The reference: the runtime's kernels as they are. */
  static HtmBackend interp() {
    return new HtmBackend() {
      @Override
      public brainc.ir.targets.TargetInfo info() {
        return brainc.ir.targets.Targets.REGION_INTERP;
      }

      @Override
      public HtmKernels kernels(HtmKernels.Constants k) {
        return k.reference();
      }
    };
  }

  /** Kernels emitted per region with its constants folded in ({@link KernelSpecializer}). */
  static HtmBackend jvm() {
    return new HtmBackend() {
      @Override
      public brainc.ir.targets.TargetInfo info() {
        return brainc.ir.targets.Targets.REGION_JVM;
      }

      @Override
      public HtmKernels kernels(HtmKernels.Constants k) {
        return KernelSpecializer.load(k);
      }
    };
  }
}
