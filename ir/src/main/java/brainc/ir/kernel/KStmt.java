package brainc.ir.kernel;

import java.util.List;
import java.util.Objects;

/**
 * Statements of the kernel IR: loops over index spaces and typed stores. Locals are immutable and
 * scoped to the block that introduces them; loop variables are I32 locals.
 */
public sealed interface KStmt {

  /** Calls the visitor's method for this statement's kind, with {@code context}. */
  <R, C> R accept(Visitor<R, C> visitor, C context);

  /**
   * One method per statement kind. A backend that implements it must decide, for each kind,
   * whether it runs it or refuses it: a new kind does not compile until every backend has.
   */
  interface Visitor<R, C> {
    R visitForRange(ForRange s, C context);

    R visitForSpikes(ForSpikes s, C context);

    R visitForTargets(ForTargets s, C context);

    R visitForSources(ForSources s, C context);

    R visitLet(Let s, C context);

    R visitStore(Store s, C context);

    R visitIf(If s, C context);

    R visitEmit(Emit s, C context);

    R visitEnqueue(Enqueue s, C context);

    R visitDrain(Drain s, C context);
  }

  /**
   * {@code for var in [start, end)}: a loop over neurons (or any index range). {@code parallel}
   * is the mark of {@link ParallelLoops}: its iterations touch only their own element, so they
   * may run in any order and on any thread (printed {@code for i in 0 .. n parallel}). {@code
   * outlined} is the mark of {@link ParallelLoops#outline}: a parallel loop that a backend makes a
   * unit of its own, run over sub-ranges on a crew of threads (the JVM backend's {@code loop$k}
   * methods; printed {@code parallel outlined}); only a parallel loop can be outlined.
   */
  record ForRange(String var, KExpr start, KExpr end, List<KStmt> body, boolean parallel, boolean outlined)
      implements KStmt {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitForRange(this, context);
    }

    public ForRange {
      Objects.requireNonNull(var);
      Objects.requireNonNull(start);
      Objects.requireNonNull(end);
      body = List.copyOf(body);
      if (outlined && !parallel) throw new IllegalArgumentException("loop over " + var + " is outlined but not parallel");
    }

    /** A loop not (yet) marked parallel. */
    public ForRange(String var, KExpr start, KExpr end, List<KStmt> body) {
      this(var, start, end, body, false, false);
    }

    /** A loop marked parallel or not, not outlined. */
    public ForRange(String var, KExpr start, KExpr end, List<KStmt> body, boolean parallel) {
      this(var, start, end, body, parallel, false);
    }

    /** The same loop with another body, keeping its marks. */
    public ForRange withBody(List<KStmt> newBody) {
      return new ForRange(var, start, end, newBody, parallel, outlined);
    }
  }

  /** For each neuron that spiked in this step (in emission order): event-driven propagation. */
  record ForSpikes(String spikeSet, String var, List<KStmt> body) implements KStmt {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitForSpikes(this, context);
    }

    public ForSpikes {
      Objects.requireNonNull(spikeSet);
      Objects.requireNonNull(var);
      body = List.copyOf(body);
    }
  }

  /**
   * For each synapse of presynaptic neuron {@code pre} (0-based within the connection's source):
   * binds {@code post} (the target index within the connection's target) and {@code synapse}
   * (the synapse's index into per-synapse buffers), in increasing order of {@code post}.
   */
  record ForTargets(String connection, KExpr pre, String post, String synapse, List<KStmt> body) implements KStmt {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitForTargets(this, context);
    }

    public ForTargets {
      Objects.requireNonNull(connection);
      Objects.requireNonNull(pre);
      Objects.requireNonNull(post);
      Objects.requireNonNull(synapse);
      body = List.copyOf(body);
    }
  }

  /** For each synapse onto postsynaptic neuron {@code post}: the reverse index, for `on post` rules. */
  record ForSources(String connection, KExpr post, String pre, String synapse, List<KStmt> body) implements KStmt {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitForSources(this, context);
    }

    public ForSources {
      Objects.requireNonNull(connection);
      Objects.requireNonNull(post);
      Objects.requireNonNull(pre);
      Objects.requireNonNull(synapse);
      body = List.copyOf(body);
    }
  }

  record Let(String name, KExpr value) implements KStmt {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitLet(this, context);
    }

    public Let {
      Objects.requireNonNull(name);
      Objects.requireNonNull(value);
    }
  }

  record Store(String buffer, KExpr index, KExpr value) implements KStmt {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitStore(this, context);
    }

    public Store {
      Objects.requireNonNull(buffer);
      Objects.requireNonNull(index);
      Objects.requireNonNull(value);
    }
  }

  record If(KExpr condition, List<KStmt> then, List<KStmt> otherwise) implements KStmt {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitIf(this, context);
    }

    public If {
      Objects.requireNonNull(condition);
      then = List.copyOf(then);
      otherwise = List.copyOf(otherwise);
    }
  }

  /** Adds neuron {@code index} to this step's spikes of a spike set. */
  record Emit(String spikeSet, KExpr index) implements KStmt {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitEmit(this, context);
    }

    public Emit {
      Objects.requireNonNull(spikeSet);
      Objects.requireNonNull(index);
    }
  }

  /**
   * Schedules {@code value} to be added to element {@code index} of the queue's target, {@code delay}
   * steps from now (1 = the next step; delays of 0 are raised to 1, as no spike acts within the
   * step that emitted it).
   */
  record Enqueue(String queue, KExpr delay, KExpr index, KExpr value) implements KStmt {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitEnqueue(this, context);
    }

    public Enqueue {
      Objects.requireNonNull(queue);
      Objects.requireNonNull(delay);
      Objects.requireNonNull(index);
      Objects.requireNonNull(value);
    }
  }

  /** Adds everything due now into the queue's target buffer and clears the slot. */
  record Drain(String queue) implements KStmt {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitDrain(this, context);
    }

    public Drain {
      Objects.requireNonNull(queue);
    }
  }
}
