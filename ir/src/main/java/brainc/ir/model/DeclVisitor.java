package brainc.ir.model;


/** Exhaustive dispatch over {@link Decl}: one method per permitted record. */
public interface DeclVisitor<R> {
  R visit(NeuronModel node);

  R visit(SynapseModel node);

  R visit(Network node);

  R visit(HtmRegion node);

  R visit(Workspace node);

  R visit(Agent node);

  R visit(RuleBase node);

  R visit(MetaLoop node);

  R visit(RunSpec node);

  R visit(TrainSpec node);

  R visit(DetectSpec node);
}
