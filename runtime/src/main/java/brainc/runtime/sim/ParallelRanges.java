package brainc.runtime.sim;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs an element-wise loop of a step as contiguous pieces of its index range on a fixed crew of
 * daemon threads: the calling thread and the workers claim pieces in order until none is left,
 * and the caller waits for the last to finish. The result is the sequential one bit for bit
 * because the loop is element-wise (iteration {@code i} reads and writes element {@code i} only),
 * and because each piece emits into its own scratch spike sets, which are appended to the real
 * ones in piece order after the loop: the spikes come out in the order one thread would emit them.
 *
 * <pre>{@code
 * ParallelRanges ranges = new ParallelRanges(2, 2048);   // two threads, pieces of ≥ 2,048 iterations
 * ranges.run(body, 0, step, 0, 40_000, new SpikeSet[] {all});
 *   // 8 pieces of 5,000: body.range(0, worker, step, 0, 5_000, scratch0), … on whichever thread
 *   // claims each; then all.append(scratch0[0]), all.append(scratch1[0]), …
 * }</pre>
 *
 * <p>A range splits into {@code min(4 × threads, length / minChunk)} pieces, so a thread that the
 * OS runs late (2 cores, other processes) leaves its pieces to the others instead of holding up
 * the step; a range too short for two pieces runs at once on the calling thread, emitting
 * straight into the real sets. Workers wait for work by spinning a little and then parking, since
 * a step lasts microseconds. The crew stops on {@link #close()}, or once this object is
 * unreachable; it is not shared: one simulation thread calls {@link #run} at a time.
 */
public final class ParallelRanges implements AutoCloseable {
  /** The split loops of one kernel, by number. */
  public interface Body {
    /**
     * Runs iterations {@code [lo, hi)} of loop {@code loop} for step {@code step}, emitting into
     * {@code sinks} (one per spike set the loop emits into, in the order given to {@link #run}).
     * {@code worker} names the thread, 0 for the calling one, below {@link #threads()}: a body
     * may keep state per worker (the interpreter's frames), never per piece.
     */
    void range(int loop, int worker, long step, int lo, int hi, SpikeSet[] sinks);
  }

  private static final Cleaner CLEANER = Cleaner.create();

  private final int threads;
  private final int minChunk;
  private final Crew crew;
  private final Cleaner.Cleanable cleanable;
  /** Scratch sets by loop, piece and spike set; allocated on a loop's first split run. */
  private SpikeSet[][][] scratch = new SpikeSet[0][][];

  /**
   * A crew of {@code threads - 1} workers (none for 1) that splits ranges into pieces of at least
   * {@code minChunk} iterations.
   */
  public ParallelRanges(int threads, int minChunk) {
    if (threads < 1 || minChunk < 1) {
      throw new IllegalArgumentException("threads and chunk size must be positive: " + threads + ", " + minChunk);
    }
    this.threads = threads;
    this.minChunk = minChunk;
    this.crew = new Crew(threads);
    this.cleanable = CLEANER.register(this, crew::stop);
  }

  public int threads() {
    return threads;
  }

  public int minChunk() {
    return minChunk;
  }

  /** Pieces per thread: more than one, so that a thread the OS runs late leaves its work to the others. */
  private static final int PIECES_PER_THREAD = 4;

  /**
   * The number of pieces a range of {@code length} iterations splits into, each at least {@code
   * minChunk} long: 1 (no split) when it is short.
   */
  public int chunks(long length) {
    return threads == 1 ? 1 : (int) Math.max(1, Math.min((long) threads * PIECES_PER_THREAD, length / minChunk));
  }

  /**
   * Runs loop {@code loop} of {@code body} over {@code [start, end)} for step {@code step}: in
   * pieces when the range is long enough, else at once on this thread. The exception of the
   * lowest failing piece is rethrown once every piece has finished.
   */
  public void run(Body body, int loop, long step, int start, int end, SpikeSet[] sets) {
    long length = (long) end - start;
    int chunks = chunks(length);
    if (chunks == 1) {
      body.range(loop, 0, step, start, end, sets);
      return;
    }
    SpikeSet[][] sinks = scratch(loop, sets, chunks);
    for (int c = 0; c < chunks; c++) {
      for (SpikeSet s : sinks[c]) {
        s.clear();
      }
    }
    crew.run(body, loop, step, start, length, chunks, sinks);
    // Piece order is iteration order: this is the order one thread would have emitted them in.
    for (int k = 0; k < sets.length; k++) {
      for (int c = 0; c < chunks; c++) {
        sets[k].append(sinks[c][k]);
      }
    }
  }

  private SpikeSet[][] scratch(int loop, SpikeSet[] sets, int pieces) {
    if (loop >= scratch.length) {
      SpikeSet[][][] grown = new SpikeSet[loop + 1][][];
      System.arraycopy(scratch, 0, grown, 0, scratch.length);
      scratch = grown;
    }
    SpikeSet[][] s = scratch[loop];
    if (s == null || s.length < pieces || s[0].length != sets.length) {
      s = new SpikeSet[threads * PIECES_PER_THREAD][sets.length];
      for (int c = 0; c < s.length; c++) {
        for (int k = 0; k < sets.length; k++) {
          s[c][k] = new SpikeSet(sets[k].label, sets[k].size);
        }
      }
      scratch[loop] = s;
    }
    return s;
  }

  /** Stops the workers; a later {@link #run} that needs them fails. */
  @Override
  public void close() {
    cleanable.clean();
  }

  /** One split run of a loop: its pieces are claimed in order by whichever thread comes first. */
  private static final class Task {
    final Body body;
    final int loop;
    final long step;
    final int start;
    final long length;
    final int pieces;
    final SpikeSet[][] sinks;
    final Throwable[] errors;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();

    Task(Body body, int loop, long step, int start, long length, int pieces, SpikeSet[][] sinks) {
      this.body = body;
      this.loop = loop;
      this.step = step;
      this.start = start;
      this.length = length;
      this.pieces = pieces;
      this.sinks = sinks;
      this.errors = new Throwable[pieces];
    }

    /** Iterations {@code [lo(p), lo(p + 1))} are piece p's; this is not an off-by-one at the end. */
    int lo(int p) {
      return (int) (start + length * p / pieces);
    }

    /** Runs pieces until none is left; true if this ran the last one to finish. */
    boolean work(int worker) {
      boolean last = false;
      for (int p; (p = next.getAndIncrement()) < pieces; ) {
        try {
          body.range(loop, worker, step, lo(p), lo(p + 1), sinks[p]);
        } catch (Throwable t) {
          errors[p] = t;
        }
        last = done.incrementAndGet() == pieces;
      }
      return last;
    }
  }

  /**
   * The workers and the task they share. It holds no reference to its {@link ParallelRanges} (or,
   * between runs, to a body), so that an unreachable simulation lets the cleaner stop it. A worker
   * that wakes late finds every piece claimed and waits again: nobody waits for it.
   */
  private static final class Crew {
    /** How long a waiting thread spins before it parks: about the gap between two steps. */
    private static final long SPIN_NANOS = 50_000;

    final Worker[] workers;
    volatile boolean stopped;
    volatile Task task;
    volatile Thread caller;
    volatile boolean callerParked;

    Crew(int threads) {
      workers = new Worker[threads - 1];
      for (int w = 1; w < threads; w++) {
        Worker worker = new Worker(this, w);
        Thread t = new Thread(worker, "brainc-step-" + w);
        t.setDaemon(true);
        worker.thread = t;
        workers[w - 1] = worker;
        t.start();
      }
    }

    void run(Body body, int loop, long step, int start, long length, int pieces, SpikeSet[][] sinks) {
      if (stopped) {
        throw new IllegalStateException("the simulation's threads were stopped (it was closed)");
      }
      Task t = new Task(body, loop, step, start, length, pieces, sinks);
      caller = Thread.currentThread();
      task = t;
      for (Worker w : workers) {
        w.wake();
      }
      t.work(0);
      awaitPieces(t);
      task = null;
      for (Throwable first : t.errors) {
        if (first instanceof RuntimeException e) {
          throw e;
        }
        if (first instanceof Error e) {
          throw e;
        }
        if (first != null) {
          throw new IllegalStateException(first);
        }
      }
    }

    private void awaitPieces(Task t) {
      long deadline = System.nanoTime() + SPIN_NANOS;
      int spins = 0;
      while (t.done.get() != t.pieces) {
        if (spins < 64 || System.nanoTime() < deadline) {
          spins++;
          Thread.onSpinWait();
        } else {
          callerParked = true;
          if (t.done.get() != t.pieces) {
            LockSupport.park(this);
          }
          callerParked = false;
        }
      }
    }

    void finishedLast() {
      if (callerParked) {
        LockSupport.unpark(caller);
      }
    }

    void stop() {
      stopped = true;
      for (Worker w : workers) {
        LockSupport.unpark(w.thread);
      }
    }
  }

  private static final class Worker implements Runnable {
    final Crew crew;
    final int index;
    Thread thread;
    /** Bumped by the caller for each task this worker may help with. */
    volatile long go;
    volatile boolean parked;

    Worker(Crew crew, int index) {
      this.crew = crew;
      this.index = index;
    }

    void wake() {
      go++;
      // Either the worker sees the new go before it parks, or this sees it parked (both volatile).
      if (parked) {
        LockSupport.unpark(thread);
      }
    }

    @Override
    public void run() {
      long seen = 0;
      while (true) {
        long deadline = System.nanoTime() + Crew.SPIN_NANOS;
        int spins = 0;
        while (go == seen) {
          if (crew.stopped) {
            return;
          }
          if (spins < 64 || System.nanoTime() < deadline) {
            spins++;
            Thread.onSpinWait();
          } else {
            parked = true;
            if (go == seen && !crew.stopped) {
              LockSupport.park(this);
            }
            parked = false;
          }
        }
        seen = go;
        Task t = crew.task;
        if (t != null && t.work(index)) {
          crew.finishedLast();
        }
      }
    }
  }
}
