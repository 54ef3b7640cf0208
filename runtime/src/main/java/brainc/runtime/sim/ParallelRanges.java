package brainc.runtime.sim;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs an element-wise loop of a step as contiguous chunks of its index range, one chunk per
 * thread, on a fixed crew of daemon threads; the calling thread runs chunk 0 and waits for the
 * others. The result is the sequential one bit for bit because the loop is element-wise
 * (iteration {@code i} reads and writes element {@code i} only), and because each chunk emits
 * into its own scratch spike sets, which are appended to the real ones in chunk order after the
 * loop: the spikes come out in the order one thread would emit them.
 *
 * <pre>{@code
 * ParallelRanges ranges = new ParallelRanges(2, 2048);   // two threads, chunks of ≥ 2,048 iterations
 * ranges.run(body, 0, step, 0, 40_000, new SpikeSet[] {all});
 *   // body.range(0, 0, step, 0, 20_000, scratch0) here, body.range(0, 1, step, 20_000, 40_000, scratch1)
 *   // on the worker; then all.append(scratch0[0]); all.append(scratch1[0])
 * }</pre>
 *
 * <p>A range splits into {@code min(threads, length / minChunk)} chunks; one chunk runs on the
 * calling thread and emits straight into the real sets, so short loops pay nothing but a call.
 * Workers wait for work by spinning a little and then parking, since a step lasts microseconds.
 * The crew stops on {@link #close()}, or once this object is unreachable; it is not shared: one
 * simulation thread calls {@link #run} at a time.
 */
public final class ParallelRanges implements AutoCloseable {
  /** The split loops of one kernel, by number. */
  public interface Body {
    /**
     * Runs iterations {@code [lo, hi)} of loop {@code loop} for step {@code step}, emitting into
     * {@code sinks} (one per spike set the loop emits into, in the order given to {@link #run}).
     * {@code chunk} is 0 on the calling thread, and otherwise names the worker.
     */
    void range(int loop, int chunk, long step, int lo, int hi, SpikeSet[] sinks);
  }

  private static final Cleaner CLEANER = Cleaner.create();

  private final int threads;
  private final int minChunk;
  private final Crew crew;
  private final Cleaner.Cleanable cleanable;
  /** Scratch sets by loop, chunk and spike set; allocated on a loop's first split run. */
  private SpikeSet[][][] scratch = new SpikeSet[0][][];

  /**
   * A crew of {@code threads - 1} workers (none for 1) that splits ranges into chunks of at least
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

  /** The number of chunks a range of {@code length} iterations splits into: 1 when it is short. */
  public int chunks(long length) {
    return (int) Math.max(1, Math.min(threads, length / minChunk));
  }

  /**
   * Runs loop {@code loop} of {@code body} over {@code [start, end)} for step {@code step}: in
   * chunks when the range is long enough, else at once on this thread. The exception of the
   * lowest failing chunk is rethrown once every chunk has finished.
   */
  public void run(Body body, int loop, long step, int start, int end, SpikeSet[] sets) {
    long length = (long) end - start;
    int chunks = chunks(length);
    if (chunks == 1) {
      body.range(loop, 0, step, start, end, sets);
      return;
    }
    SpikeSet[][] sinks = scratch(loop, sets);
    for (int c = 0; c < chunks; c++) {
      for (SpikeSet s : sinks[c]) {
        s.clear();
      }
    }
    crew.run(body, loop, step, start, length, chunks, sinks);
    // Chunk order is iteration order: this is the order one thread would have emitted them in.
    for (int k = 0; k < sets.length; k++) {
      for (int c = 0; c < chunks; c++) {
        sets[k].append(sinks[c][k]);
      }
    }
  }

  private SpikeSet[][] scratch(int loop, SpikeSet[] sets) {
    if (loop >= scratch.length) {
      SpikeSet[][][] grown = new SpikeSet[loop + 1][][];
      System.arraycopy(scratch, 0, grown, 0, scratch.length);
      scratch = grown;
    }
    SpikeSet[][] s = scratch[loop];
    if (s == null || s[0].length != sets.length) {
      s = new SpikeSet[threads][sets.length];
      for (int c = 0; c < threads; c++) {
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

  /**
   * The workers and the task they share. It holds no reference to its {@link ParallelRanges} (or,
   * between runs, to the body), so that an unreachable simulation lets the cleaner stop it.
   */
  private static final class Crew {
    /** How long a waiting thread spins before it parks: about the gap between two steps. */
    private static final long SPIN_NANOS = 50_000;

    final Worker[] workers;
    final AtomicInteger pending = new AtomicInteger();
    final Throwable[] errors;
    volatile boolean stopped;
    volatile Thread caller;
    volatile boolean callerParked;
    // The task: written by the caller before it wakes the workers (a volatile write), read after.
    Body body;
    int loop;
    long step;
    int start;
    long length;
    int chunks;
    SpikeSet[][] sinks;

    Crew(int threads) {
      workers = new Worker[threads - 1];
      errors = new Throwable[threads];
      for (int w = 1; w < threads; w++) {
        Worker worker = new Worker(this, w);
        Thread t = new Thread(worker, "brainc-step-" + w);
        t.setDaemon(true);
        worker.thread = t;
        workers[w - 1] = worker;
        t.start();
      }
    }

    /** Iterations {@code [lo(c), lo(c + 1))} are chunk c's; this is not an off-by-one at the end. */
    int lo(int c) {
      return (int) (start + length * c / chunks);
    }

    void run(Body body, int loop, long step, int start, long length, int chunks, SpikeSet[][] sinks) {
      if (stopped) {
        throw new IllegalStateException("the simulation's threads were stopped (it was closed)");
      }
      this.body = body;
      this.loop = loop;
      this.step = step;
      this.start = start;
      this.length = length;
      this.chunks = chunks;
      this.sinks = sinks;
      caller = Thread.currentThread();
      pending.set(chunks - 1);
      for (int w = 1; w < chunks; w++) {
        workers[w - 1].wake();
      }
      runChunk(0);
      awaitWorkers();
      this.body = null;
      this.sinks = null;
      Throwable first = null;
      for (int c = 0; c < chunks; c++) {
        if (first == null) {
          first = errors[c];
        }
        errors[c] = null;
      }
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

    void runChunk(int c) {
      try {
        body.range(loop, c, step, lo(c), lo(c + 1), sinks[c]);
      } catch (Throwable t) {
        errors[c] = t;
      }
    }

    private void awaitWorkers() {
      long deadline = System.nanoTime() + SPIN_NANOS;
      int spins = 0;
      while (pending.get() != 0) {
        if (spins < 64 || System.nanoTime() < deadline) {
          spins++;
          Thread.onSpinWait();
        } else {
          callerParked = true;
          if (pending.get() != 0) {
            LockSupport.park(this);
          }
          callerParked = false;
        }
      }
    }

    void finished() {
      if (pending.decrementAndGet() == 0 && callerParked) {
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
    final int chunk;
    Thread thread;
    /** Bumped by the caller for each chunk this worker is to run. */
    volatile long go;
    volatile boolean parked;

    Worker(Crew crew, int chunk) {
      this.crew = crew;
      this.chunk = chunk;
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
        crew.runChunk(chunk);
        crew.finished();
      }
    }
  }
}
