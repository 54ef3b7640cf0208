package brainc.codegen.htm;

import brainc.codegen.engine.Instance;
import brainc.runtime.htm.HtmModel;
import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;

/**
 * An HTM region resolved for one stream and built on an engine: the {@link Instance} of the
 * region engines. Its snapshot is the {@link HtmModel}'s, the same on both engines, so a region
 * stopped on one continues on the other with the same scores.
 */
public final class RegionInstance implements Instance {
  private final HtmModel model;

  RegionInstance(HtmModel model) {
    this.model = model;
  }

  /** The running model: {@code step} it record by record. */
  public HtmModel model() {
    return model;
  }

  @Override
  public Snapshot snapshot() {
    return model.snapshot();
  }

  @Override
  public void restore(Snapshot snapshot) throws SnapshotException {
    model.restore(snapshot);
  }
}
