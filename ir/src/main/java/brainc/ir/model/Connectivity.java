package brainc.ir.model;


/** Which source neurons connect to which target neurons. */
public sealed interface Connectivity permits AllToAll, OneToOne, Probability, FixedFanIn, FixedFanOut, Dense {

  <R> R accept(ConnectivityVisitor<R> v);
}
