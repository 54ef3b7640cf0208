package brainc.ir.model;

/** One step of a property scenario. */
public enum ScenarioEvent {
  PRE, POST, NO_SPIKES, ANY_SPIKES
}
