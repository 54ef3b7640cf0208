package brainc.ir.model;


/** What a property states. */
public sealed interface PropertyBody permits Invariant, Scenario {

  <R> R accept(PropertyBodyVisitor<R> v);
}
