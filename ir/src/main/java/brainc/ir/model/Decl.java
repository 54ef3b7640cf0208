package brainc.ir.model;


/** A top-level declaration of a module. */
public sealed interface Decl permits NeuronModel, SynapseModel, Network, HtmRegion, Workspace, Agent, RuleBase, MetaLoop, RunSpec, TrainSpec, DetectSpec {
  String name();

  /** The doc comment, empty when there is none. */
  String doc();

  Origin origin();

  <R> R accept(DeclVisitor<R> v);
}
