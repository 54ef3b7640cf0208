package brainc.runtime.htm;

import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;
import brainc.runtime.random.CounterRng;
import java.util.Arrays;

/**
 * The temporal memory (htm.core's algorithm): cells in columns, distal segments with synapses
 * to previously active cells, predictions, bursting, learning.
 *
 * <p>Storage, all in primitive arrays. A segment is an index {@code seg}; its synapses occupy the
 * slots {@code seg * stride .. seg * stride + count - 1} of {@code synPre} (presynaptic cell) and
 * {@code synPerm}, with {@code stride} the synapse limit rounded up to a power of two so that a
 * synapse's segment is a shift. Slots stay packed: destroying a synapse moves the segment's last
 * one into its place. Each cell lists its segments ({@code cellSegs}, in creation order) and the
 * synapses it is presynaptic to ({@code preSyns}), and each synapse knows its place in the latter
 * ({@code synRev}), so that activity is computed from the active cells alone and every removal
 * is O(1) (this is not an off-by-one: {@code synRev} is moved along with the synapse). An entry
 * of {@code preSyns} is the synapse index with the sign bit set while the synapse is connected,
 * so the activity loop reads one sequential array and touches nothing else per synapse but the
 * segment's counter.
 * Destroyed segments go to a free list and are reused.
 *
 * <p>Per record ({@link #compute}): activate cells from the active columns and the segments that
 * were active or matching after the previous record (predicted columns activate their predicted
 * cells, others burst), learn, punish matching segments of inactive columns, then compute the
 * new active and matching segments from the new active cells. Tie rules: the best matching
 * segment of a bursting column is the first (by cell, then creation) with the most potential
 * synapses; the least used cell is drawn uniformly among the cells with the fewest segments;
 * synapses grow to prevWinnerCells drawn uniformly without replacement (one Philox block per
 * segment and record, stretched with SplitMix64); when a segment must make
 * room, its weakest synapses go first (ties: lower slot); when a cell must, its least recently
 * used segment goes (ties: earlier creation).
 */
public final class TemporalMemory implements SequenceMemory {
  static final int STREAM_CELL = 0x544D_0001;
  static final int STREAM_GROW = 0x544D_0002;
  /** Synapses whose permanence falls below this are destroyed. */
  static final float EPSILON = 0.00001f;
  /** The sign bit of a {@code preSyns} entry: the synapse is connected. */
  private static final int CONNECTED = 0x8000_0000;
  /** The kind of its {@link Snapshot}. */
  public static final String KIND = "htm-temporal-memory";

  private final TmParams p;
  private final HtmKernels kernels;
  private final int cpc;
  /** log2 of cpc when it is a power of two (a cell's column is then a shift), else -1. */
  private final int cpcShift;
  private final int cells;
  private final int stride;
  private final int shift;
  private final int maxSyn;
  private final float connectedPerm;

  // Segments.
  private int segCap;
  private int segCount; // high-water mark
  private int[] segCell;
  private int[] segSynCount;
  private long[] segLastUsed;
  private long[] segCreated;
  private int[] freeSegs = new int[16];
  private int freeCount;
  private int[] synPre;
  private float[] synPerm;
  private int[] synRev;
  // Per segment activity of the last activateDendrites, valid for segments in `touched`:
  // potential synapses in the low 16 bits, connected ones above (a segment has at most 65535).
  private int[] activity;
  private int[] touched;
  private int touchedCount;

  // Per cell.
  private final int[][] cellSegs;
  private final int[] cellSegCount;
  private final int[][] preSyns;
  private final int[] preSynCount;

  // State of the previous and current record.
  private int[] activeCells;
  private int activeCount;
  private int[] winnerCells;
  private int winnerCount;
  private int[] prevActive;
  private int prevActiveCount;
  private int[] prevWinner;
  private int prevWinnerCount;
  private final boolean[] prevActiveFlag;
  private final boolean[] prevWinnerFlag;
  private long[] activeSegs = new long[64];
  private int activeSegCount;
  private long[] matchingSegs = new long[64];
  private int matchingSegCount;
  private final boolean[] predictedColumn;
  private int[] predictedColumns;
  private int predictedColumnCount;
  private long iteration;
  private double anomaly;

  private int[] candidates;
  private final boolean[] onSegment;

  public TemporalMemory(TmParams params) {
    this(params, new HtmKernels.Reference(0, 0, 0, 0, strideShift(params.maxSynapsesPerSegment())));
  }

  /** log2 of the slots per segment: the synapse limit rounded up to a power of two. */
  public static int strideShift(int maxSynapsesPerSegment) {
    return 32 - Integer.numberOfLeadingZeros(Math.max(1, maxSynapsesPerSegment) - 1);
  }

  /** A memory whose activity count runs on {@code kernels} (built for these parameters). */
  public TemporalMemory(TmParams params, HtmKernels kernels) {
    this.kernels = kernels;
    this.p = params;
    this.cpc = params.cellsPerColumn();
    this.cpcShift = Integer.bitCount(cpc) == 1 ? Integer.numberOfTrailingZeros(cpc) : -1;
    this.cells = params.columns() * cpc;
    this.maxSyn = params.maxSynapsesPerSegment();
    this.connectedPerm = params.connectedPermanence();
    this.shift = strideShift(maxSyn);
    this.stride = 1 << shift;
    this.segCap = 1024;
    this.segCell = new int[segCap];
    this.segSynCount = new int[segCap];
    this.segLastUsed = new long[segCap];
    this.segCreated = new long[segCap];
    this.synPre = new int[segCap * stride];
    this.synPerm = new float[segCap * stride];
    this.synRev = new int[segCap * stride];
    this.activity = new int[segCap];
    this.touched = new int[segCap + 1];
    this.cellSegs = new int[cells][];
    this.cellSegCount = new int[cells];
    this.preSyns = new int[cells][];
    this.preSynCount = new int[cells];
    this.activeCells = new int[cells];
    // Every predicted cell of an active column is a winner, so winners may outnumber columns.
    this.winnerCells = new int[cells];
    this.prevActive = new int[cells];
    this.prevWinner = new int[cells];
    this.prevActiveFlag = new boolean[cells];
    this.prevWinnerFlag = new boolean[cells];
    this.predictedColumn = new boolean[params.columns()];
    this.predictedColumns = new int[params.columns()];
    this.candidates = new int[cells];
    this.onSegment = new boolean[cells];
  }

  public TmParams params() {
    return p;
  }

  @Override
  public int columns() {
    return p.columns();
  }

  @Override
  public String kind() {
    return KIND;
  }

  /** The raw anomaly score of the last record: active columns that were not predicted, as a fraction. */
  public double anomaly() {
    return anomaly;
  }

  /** Active cells of the last record, ascending (a copy). */
  public int[] activeCells() {
    return Arrays.copyOf(activeCells, activeCount);
  }

  /** Winner cells of the last record, ascending (a copy). */
  public int[] winnerCells() {
    return Arrays.copyOf(winnerCells, winnerCount);
  }

  /** Cells predicted for the next record (cells with an active segment), ascending (a copy). */
  public int[] predictiveCells() {
    int[] out = new int[activeSegCount];
    int n = 0;
    for (int i = 0; i < activeSegCount; i++) {
      int cell = (int) (activeSegs[i] >>> 32);
      if (n == 0 || out[n - 1] != cell) out[n++] = cell;
    }
    return Arrays.copyOf(out, n);
  }

  /** Live segments and synapses, for statistics and tests. */
  public int segments() {
    return segCount - freeCount;
  }

  public long synapses() {
    long n = 0;
    for (int s = 0; s < segCount; s++) if (segCell[s] >= 0) n += segSynCount[s];
    return n;
  }

  /** Calls {@code check} with every live synapse's permanence (tests use it for invariants). */
  public void forEachPermanence(java.util.function.DoubleConsumer check) {
    for (int s = 0; s < segCount; s++) {
      if (segCell[s] < 0) continue;
      for (int i = 0; i < segSynCount[s]; i++) check.accept(synPerm[s * stride + i]);
    }
  }

  /**
   * Everything this memory carries from one record to the next: the segments and synapses in
   * their slots (free list and per-cell orders included, so that later reuse and eviction happen
   * as they would have), the active and winner cells, the active and matching segments with the
   * activity counts the next record reads, the iteration and the last score. Its random numbers
   * are keyed by (seed, iteration, ...), so there is no generator state to keep.
   */
  public Snapshot snapshot() {
    // Only a segment's used slots: the rest are never read, and a region has far fewer synapses than slots.
    long live = 0;
    for (int seg = 0; seg < segCount; seg++) live += segSynCount[seg];
    return Snapshot.builder(KIND)
        .counter("iteration", iteration)
        .counter("seg_cap", segCap)
        .counter("seg_count", segCount)
        .array("anomaly", new double[] {anomaly})
        .array("seg_cell", Arrays.copyOf(segCell, segCount))
        .array("seg_syn_count", Arrays.copyOf(segSynCount, segCount))
        .array("seg_last_used", Arrays.copyOf(segLastUsed, segCount))
        .array("seg_created", Arrays.copyOf(segCreated, segCount))
        .array("free_segs", Arrays.copyOf(freeSegs, freeCount))
        .array("syn_pre", packed(synPre, live))
        .array("syn_perm", packed(synPerm, live))
        .array("syn_rev", packed(synRev, live))
        .array("activity", Arrays.copyOf(activity, segCount))
        .array("touched", Arrays.copyOf(touched, touchedCount))
        .array("cell_seg_count", cellSegCount)
        .array("cell_segs", StateArrays.flatten(cellSegs, cellSegCount))
        .array("pre_syn_count", preSynCount)
        .array("pre_syns", StateArrays.flatten(preSyns, preSynCount))
        .array("active_cells", Arrays.copyOf(activeCells, activeCount))
        .array("winner_cells", Arrays.copyOf(winnerCells, winnerCount))
        .array("active_segs", Arrays.copyOf(activeSegs, activeSegCount))
        .array("matching_segs", Arrays.copyOf(matchingSegs, matchingSegCount))
        .build();
  }

  /** Puts back a {@link #snapshot} of a memory with the same parameters; reads all of it before changing anything. */
  public void restore(Snapshot s) throws SnapshotException {
    restoring(s).run();
  }

  /** Reads and checks all of {@code s}; the action returned puts it in place, and cannot fail. */
  @Override
  public Runnable restoring(Snapshot s) throws SnapshotException {
    s.expect(KIND);
    long it = StateArrays.counter(s, "iteration", 0, Long.MAX_VALUE);
    int cap = (int) StateArrays.counter(s, "seg_cap", 1, (Integer.MAX_VALUE - 8) / stride);
    int count = (int) StateArrays.counter(s, "seg_count", 0, cap);
    double[] an = StateArrays.doubles(s, "anomaly", 1);
    int[] cell = StateArrays.ints(s, "seg_cell", count);
    StateArrays.indices(cell, -1, cells, "seg_cell");
    int[] synCount = StateArrays.ints(s, "seg_syn_count", count);
    StateArrays.indices(synCount, 0, maxSyn + 1, "seg_syn_count");
    long[] lastUsed = StateArrays.longs(s, "seg_last_used", count);
    long[] created = StateArrays.longs(s, "seg_created", count);
    int[] free = StateArrays.ints(s, "free_segs", -1);
    StateArrays.indices(free, 0, count, "free_segs");
    long live = 0;
    for (int c : synCount) live += c;
    int[] pre = unpacked(StateArrays.ints(s, "syn_pre", (int) live), synCount, cap);
    float[] perm = unpacked(StateArrays.floats(s, "syn_perm", (int) live), synCount, cap);
    int[] rev = unpacked(StateArrays.ints(s, "syn_rev", (int) live), synCount, cap);
    int[] act = StateArrays.ints(s, "activity", count);
    int[] touch = StateArrays.ints(s, "touched", -1);
    StateArrays.indices(touch, 0, count, "touched");
    int[] csc = StateArrays.ints(s, "cell_seg_count", cells);
    int[][] cs = StateArrays.unflatten(StateArrays.ints(s, "cell_segs", -1), csc, 4, "cell_segs");
    int[] psc = StateArrays.ints(s, "pre_syn_count", cells);
    int[][] ps = StateArrays.unflatten(StateArrays.ints(s, "pre_syns", -1), psc, 8, "pre_syns");
    int[] ac = StateArrays.ints(s, "active_cells", -1);
    StateArrays.indices(ac, 0, cells, "active_cells");
    int[] wc = StateArrays.ints(s, "winner_cells", -1);
    StateArrays.indices(wc, 0, cells, "winner_cells");
    if (wc.length > cells) throw new SnapshotException("the snapshot has more winner cells than this memory has cells");
    long[] as = StateArrays.longs(s, "active_segs", -1);
    long[] ms = StateArrays.longs(s, "matching_segs", -1);
    return () -> {
      iteration = it;
      anomaly = an[0];
      segCap = cap;
      segCount = count;
      segCell = Arrays.copyOf(cell, cap);
      segSynCount = Arrays.copyOf(synCount, cap);
      segLastUsed = Arrays.copyOf(lastUsed, cap);
      segCreated = Arrays.copyOf(created, cap);
      freeSegs = Arrays.copyOf(free, Math.max(16, free.length));
      freeCount = free.length;
      synPre = pre;
      synPerm = perm;
      synRev = rev;
      activity = Arrays.copyOf(act, cap);
      touched = Arrays.copyOf(touch, cap + 1);
      touchedCount = touch.length;
      System.arraycopy(csc, 0, cellSegCount, 0, cells);
      System.arraycopy(cs, 0, cellSegs, 0, cells);
      System.arraycopy(psc, 0, preSynCount, 0, cells);
      System.arraycopy(ps, 0, preSyns, 0, cells);
      activeCells = Arrays.copyOf(ac, cells);
      activeCount = ac.length;
      winnerCells = Arrays.copyOf(wc, cells);
      winnerCount = wc.length;
      prevActive = new int[cells];
      prevActiveCount = 0;
      prevWinner = new int[cells];
      prevWinnerCount = 0;
      activeSegs = Arrays.copyOf(as, Math.max(64, as.length));
      activeSegCount = as.length;
      matchingSegs = Arrays.copyOf(ms, Math.max(64, ms.length));
      matchingSegCount = ms.length;
    };
  }

  /** The used slots of every segment, one after another. */
  private int[] packed(int[] slots, long live) {
    int[] out = new int[Math.toIntExact(live)];
    for (int seg = 0, at = 0; seg < segCount; seg++) {
      System.arraycopy(slots, seg * stride, out, at, segSynCount[seg]);
      at += segSynCount[seg];
    }
    return out;
  }

  private float[] packed(float[] slots, long live) {
    float[] out = new float[Math.toIntExact(live)];
    for (int seg = 0, at = 0; seg < segCount; seg++) {
      System.arraycopy(slots, seg * stride, out, at, segSynCount[seg]);
      at += segSynCount[seg];
    }
    return out;
  }

  /** {@link #packed}'s inverse, into slot arrays for {@code cap} segments. */
  private int[] unpacked(int[] used, int[] counts, int cap) {
    int[] slots = new int[cap * stride];
    for (int seg = 0, at = 0; seg < counts.length; seg++) {
      System.arraycopy(used, at, slots, seg * stride, counts[seg]);
      at += counts[seg];
    }
    return slots;
  }

  private float[] unpacked(float[] used, int[] counts, int cap) {
    float[] slots = new float[cap * stride];
    for (int seg = 0, at = 0; seg < counts.length; seg++) {
      System.arraycopy(used, at, slots, seg * stride, counts[seg]);
      at += counts[seg];
    }
    return slots;
  }

  /** Forgets the sequence context: the next record is a sequence start. Learned synapses stay. */
  public void reset() {
    activeCount = 0;
    winnerCount = 0;
    activeSegCount = 0;
    matchingSegCount = 0;
    // The counters must be zero for the next activity pass to see these segments as untouched.
    for (int i = 0; i < touchedCount; i++) activity[touched[i]] = 0;
    touchedCount = 0;
  }

  /**
   * One record: {@code cols[0 .. n)} are the active columns in ascending order. Returns the raw
   * anomaly score.
   */
  public double compute(int[] cols, int n, boolean learn) {
    // The previous record's cells become the context.
    int[] t = prevActive;
    prevActive = activeCells;
    activeCells = t;
    prevActiveCount = activeCount;
    t = prevWinner;
    prevWinner = winnerCells;
    winnerCells = t;
    prevWinnerCount = winnerCount;
    activeCount = 0;
    winnerCount = 0;
    for (int i = 0; i < prevActiveCount; i++) prevActiveFlag[prevActive[i]] = true;
    for (int i = 0; i < prevWinnerCount; i++) prevWinnerFlag[prevWinner[i]] = true;

    // Predicted columns of the previous record, for the raw anomaly score.
    predictedColumnCount = 0;
    for (int i = 0; i < activeSegCount; i++) {
      int col = columnOf(activeSegs[i]);
      if (!predictedColumn[col]) {
        predictedColumn[col] = true;
        predictedColumns[predictedColumnCount++] = col;
      }
    }
    int hits = 0;
    for (int i = 0; i < n; i++) if (predictedColumn[cols[i]]) hits++;
    anomaly = n == 0 ? 0.0 : (double) (n - hits) / n;
    for (int i = 0; i < predictedColumnCount; i++) predictedColumn[predictedColumns[i]] = false;

    activateCells(cols, n, learn);

    for (int i = 0; i < prevActiveCount; i++) prevActiveFlag[prevActive[i]] = false;
    for (int i = 0; i < prevWinnerCount; i++) prevWinnerFlag[prevWinner[i]] = false;

    activateDendrites(learn);
    iteration++;
    return anomaly;
  }

  // ---------------------------------------------------------------------------------------------
  // Cell activation and learning
  // ---------------------------------------------------------------------------------------------

  private void activateCells(int[] cols, int n, boolean learn) {
    // Walk the active columns and the columns of active/matching segments together, in order.
    int ia = 0; // active segments
    int im = 0; // matching segments
    int ic = 0; // active columns
    boolean punish = learn && p.predictedSegmentDec() > 0;
    while (ic < n || im < matchingSegCount) {
      int colA = ic < n ? cols[ic] : Integer.MAX_VALUE;
      int colM = im < matchingSegCount ? columnOf(matchingSegs[im]) : Integer.MAX_VALUE;
      int col = Math.min(colA, colM);
      int aStart = ia;
      while (ia < activeSegCount && columnOf(activeSegs[ia]) < col) ia++;
      aStart = ia;
      while (ia < activeSegCount && columnOf(activeSegs[ia]) == col) ia++;
      int mStart = im;
      while (im < matchingSegCount && columnOf(matchingSegs[im]) == col) im++;
      if (colA == col) {
        if (ia > aStart) activatePredictedColumn(aStart, ia, learn);
        else burstColumn(col, mStart, im, learn);
        ic++;
      } else if (punish) {
        for (int i = mStart; i < im; i++) {
          int seg = (int) matchingSegs[i];
          if (segCell[seg] >= 0) adaptSegment(seg, -p.predictedSegmentDec(), 0f);
        }
      }
    }
  }

  /** Potential synapses of a segment that saw the previous record's active cells. */
  private int potential(int seg) {
    return activity[seg] & 0xFFFF;
  }

  private int columnOf(long packed) {
    // Cells are non-negative, so the shift is the division.
    int cell = (int) (packed >>> 32);
    return cpcShift >= 0 ? cell >>> cpcShift : cell / cpc;
  }

  private void activatePredictedColumn(int from, int to, boolean learn) {
    int lastCell = -1;
    for (int i = from; i < to; i++) {
      int seg = (int) activeSegs[i];
      int cell = (int) (activeSegs[i] >>> 32);
      if (cell != lastCell) {
        activeCells[activeCount++] = cell;
        winnerCells[winnerCount++] = cell;
        lastCell = cell;
      }
      if (learn && segCell[seg] >= 0) {
        int potential = potential(seg);
        if (adaptSegment(seg, p.permanenceInc(), p.permanenceDec())) {
          int grow = p.maxNewSynapses() - potential;
          if (grow > 0) growSynapses(seg, grow);
        }
      }
    }
  }

  private void burstColumn(int col, int mFrom, int mTo, boolean learn) {
    int first = col * cpc;
    for (int c = 0; c < cpc; c++) activeCells[activeCount++] = first + c;
    int winner;
    if (mTo > mFrom) {
      int best = -1;
      int bestPotential = -1;
      for (int i = mFrom; i < mTo; i++) {
        int seg = (int) matchingSegs[i];
        if (potential(seg) > bestPotential) {
          best = seg;
          bestPotential = potential(seg);
        }
      }
      winner = segCell[best];
      if (learn) {
        if (adaptSegment(best, p.permanenceInc(), p.permanenceDec())) {
          int grow = p.maxNewSynapses() - bestPotential;
          if (grow > 0) growSynapses(best, grow);
        }
      }
    } else {
      winner = leastUsedCell(col);
      if (learn) {
        int grow = Math.min(p.maxNewSynapses(), prevWinnerCount);
        if (grow > 0) {
          int seg = createSegment(winner);
          growSynapses(seg, grow);
        }
      }
    }
    winnerCells[winnerCount++] = winner;
  }

  private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;
  private final int[] words = new int[4];

  /** 64 random bits, one Philox block keyed by (seed, stream, this record, index). */
  private long key(int stream, long index) {
    CounterRng.block(p.seed(), stream, iteration, index, 0, words);
    return (words[0] & 0xFFFF_FFFFL) << 32 | (words[1] & 0xFFFF_FFFFL);
  }

  /**
   * A draw in [0, n) from a 64-bit state: SplitMix64's output function, then the top 32 bits
   * scaled by n (bias below n / 2^32). Successive draws of one segment's growth use the states
   * {@code key + k * GOLDEN}, so every draw is still a function of (seed, stream, record, index, k).
   */
  private static int below(int n, long state) {
    long z = state;
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    z ^= z >>> 31;
    return (int) (((z >>> 32) * n) >>> 32);
  }

  private int leastUsedCell(int col) {
    int first = col * cpc;
    int fewest = Integer.MAX_VALUE;
    int ties = 0;
    for (int c = 0; c < cpc; c++) {
      int s = cellSegCount[first + c];
      if (s < fewest) {
        fewest = s;
        ties = 1;
      } else if (s == fewest) {
        ties++;
      }
    }
    int pick = ties == 1 ? 0 : below(ties, key(STREAM_CELL, col));
    for (int c = 0; c < cpc; c++) {
      if (cellSegCount[first + c] == fewest && pick-- == 0) return first + c;
    }
    throw new IllegalStateException("no least used cell in column " + col);
  }

  /**
   * Increments synapses from previously active cells by {@code inc}, decrements the others by
   * {@code dec}, clips to [0, 1] and destroys synapses that fall below {@link #EPSILON}. Returns
   * false when the segment lost all its synapses and was destroyed.
   */
  private boolean adaptSegment(int seg, float inc, float dec) {
    int base = seg * stride;
    int i = 0;
    while (i < segSynCount[seg]) {
      int id = base + i;
      float q = prevActiveFlag[synPre[id]] ? synPerm[id] + inc : synPerm[id] - dec;
      if (q > 1f) q = 1f;
      if (q < EPSILON) {
        destroySynapse(seg, i);
      } else {
        setPermanence(id, q);
        i++;
      }
    }
    if (segSynCount[seg] == 0) {
      destroySegment(seg);
      return false;
    }
    return true;
  }

  private void growSynapses(int seg, int desired) {
    int base = seg * stride;
    for (int i = 0; i < segSynCount[seg]; i++) onSegment[synPre[base + i]] = true;
    int nc = 0;
    for (int i = 0; i < prevWinnerCount; i++) {
      int c = prevWinner[i];
      if (!onSegment[c]) candidates[nc++] = c;
    }
    for (int i = 0; i < segSynCount[seg]; i++) onSegment[synPre[base + i]] = false;
    int actual = Math.min(desired, nc);
    int overrun = segSynCount[seg] + actual - maxSyn;
    if (overrun > 0) destroyWeakestSynapses(seg, overrun);
    actual = Math.min(actual, maxSyn - segSynCount[seg]);
    long state = key(STREAM_GROW, seg);
    for (int g = 0; g < actual; g++) {
      state += GOLDEN;
      int j = below(nc, state);
      createSynapse(seg, candidates[j], p.initialPermanence());
      candidates[j] = candidates[--nc];
    }
  }

  /** Destroys the {@code n} weakest synapses, sparing those from previous winner cells. */
  private void destroyWeakestSynapses(int seg, int n) {
    int base = seg * stride;
    for (int d = 0; d < n; d++) {
      int weakest = -1;
      float min = Float.POSITIVE_INFINITY;
      for (int i = 0; i < segSynCount[seg]; i++) {
        if (prevWinnerFlag[synPre[base + i]]) continue;
        if (synPerm[base + i] < min) {
          min = synPerm[base + i];
          weakest = i;
        }
      }
      if (weakest < 0) return;
      destroySynapse(seg, weakest);
    }
  }

  private int createSegment(int cell) {
    if (cellSegCount[cell] >= p.maxSegmentsPerCell()) {
      int[] list = cellSegs[cell];
      int lru = list[0];
      for (int i = 1; i < cellSegCount[cell]; i++) {
        int s = list[i];
        if (segLastUsed[s] < segLastUsed[lru]) lru = s;
      }
      destroySegment(lru);
    }
    int seg;
    if (freeCount > 0) {
      seg = freeSegs[--freeCount];
    } else {
      if (segCount == segCap) growSegments();
      seg = segCount++;
    }
    segCell[seg] = cell;
    segSynCount[seg] = 0;
    segLastUsed[seg] = iteration;
    segCreated[seg] = iteration;
    int[] list = cellSegs[cell];
    if (list == null) cellSegs[cell] = list = new int[4];
    else if (cellSegCount[cell] == list.length) cellSegs[cell] = list = Arrays.copyOf(list, list.length * 2);
    list[cellSegCount[cell]++] = seg;
    return seg;
  }

  private void growSegments() {
    int cap = segCap * 2;
    if ((long) cap * stride > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("the temporal memory outgrew " + segCap + " segments");
    }
    segCell = Arrays.copyOf(segCell, cap);
    segSynCount = Arrays.copyOf(segSynCount, cap);
    segLastUsed = Arrays.copyOf(segLastUsed, cap);
    segCreated = Arrays.copyOf(segCreated, cap);
    synPre = Arrays.copyOf(synPre, cap * stride);
    synPerm = Arrays.copyOf(synPerm, cap * stride);
    synRev = Arrays.copyOf(synRev, cap * stride);
    activity = Arrays.copyOf(activity, cap);
    touched = Arrays.copyOf(touched, cap + 1);
    segCap = cap;
  }

  private void destroySegment(int seg) {
    while (segSynCount[seg] > 0) destroySynapse(seg, segSynCount[seg] - 1);
    int cell = segCell[seg];
    int[] list = cellSegs[cell];
    int m = cellSegCount[cell];
    for (int i = 0; i < m; i++) {
      if (list[i] == seg) {
        System.arraycopy(list, i + 1, list, i, m - i - 1);
        break;
      }
    }
    cellSegCount[cell] = m - 1;
    segCell[seg] = -1;
    if (freeCount == freeSegs.length) freeSegs = Arrays.copyOf(freeSegs, freeCount * 2);
    freeSegs[freeCount++] = seg;
  }

  private int entry(int id) {
    return synPerm[id] >= connectedPerm ? id | CONNECTED : id;
  }

  private void setPermanence(int id, float q) {
    boolean was = synPerm[id] >= connectedPerm;
    synPerm[id] = q;
    if (was != (q >= connectedPerm)) preSyns[synPre[id]][synRev[id]] ^= CONNECTED;
  }

  private void createSynapse(int seg, int pre, float permanence) {
    int id = seg * stride + segSynCount[seg]++;
    synPre[id] = pre;
    synPerm[id] = permanence;
    int[] list = preSyns[pre];
    if (list == null) preSyns[pre] = list = new int[8];
    else if (preSynCount[pre] == list.length) preSyns[pre] = list = Arrays.copyOf(list, list.length * 2);
    synRev[id] = preSynCount[pre];
    list[preSynCount[pre]++] = entry(id);
  }

  /** Removes slot {@code i} of {@code seg}; the segment's last synapse moves into it. */
  private void destroySynapse(int seg, int i) {
    int base = seg * stride;
    int id = base + i;
    removeFromPre(id);
    int last = base + segSynCount[seg] - 1;
    if (last != id) {
      synPre[id] = synPre[last];
      synPerm[id] = synPerm[last];
      synRev[id] = synRev[last];
      preSyns[synPre[id]][synRev[id]] = entry(id);
    }
    segSynCount[seg]--;
  }

  private void removeFromPre(int id) {
    int pre = synPre[id];
    int[] list = preSyns[pre];
    int pos = synRev[id];
    int lastPos = --preSynCount[pre];
    if (pos != lastPos) {
      int moved = list[lastPos];
      list[pos] = moved;
      synRev[moved & ~CONNECTED] = pos;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Dendrite activity
  // ---------------------------------------------------------------------------------------------

  private void activateDendrites(boolean learn) {
    for (int i = 0; i < touchedCount; i++) activity[touched[i]] = 0;
    touchedCount = 0;
    touchedCount = kernels.countActivity(activeCells, activeCount, preSyns, preSynCount, activity, touched, 0);
    activeSegCount = 0;
    matchingSegCount = 0;
    int act = p.activationThreshold();
    int min = p.minThreshold();
    for (int i = 0; i < touchedCount; i++) {
      int seg = touched[i];
      long packed = (long) segCell[seg] << 32 | seg;
      if (activity[seg] >>> 16 >= act) {
        if (activeSegCount == activeSegs.length) activeSegs = Arrays.copyOf(activeSegs, activeSegCount * 2);
        activeSegs[activeSegCount++] = packed;
        if (learn) segLastUsed[seg] = iteration;
      }
      if ((activity[seg] & 0xFFFF) >= min) {
        if (matchingSegCount == matchingSegs.length) matchingSegs = Arrays.copyOf(matchingSegs, matchingSegCount * 2);
        matchingSegs[matchingSegCount++] = packed;
      }
    }
    // Order by cell, then by creation; a reused segment index may be newer than a larger one.
    sortByCellThenCreation(activeSegs, activeSegCount);
    sortByCellThenCreation(matchingSegs, matchingSegCount);
    // activateCells appends cells column by column, ascending within each, so both lists are
    // normally ascending already; sort only if not (the result is the same either way).
    if (!ascending(activeCells, activeCount)) Arrays.sort(activeCells, 0, activeCount);
    if (!ascending(winnerCells, winnerCount)) Arrays.sort(winnerCells, 0, winnerCount);
  }

  private static boolean ascending(int[] a, int n) {
    for (int i = 1; i < n; i++) if (a[i - 1] > a[i]) return false;
    return true;
  }

  private void sortByCellThenCreation(long[] segs, int n) {
    Arrays.sort(segs, 0, n);
    // Within one cell, put segments in creation order (insertion sort: a cell has few of them).
    for (int i = 1; i < n; i++) {
      long x = segs[i];
      int j = i - 1;
      while (j >= 0 && (segs[j] >>> 32) == (x >>> 32) && segCreated[(int) segs[j]] > segCreated[(int) x]) {
        segs[j + 1] = segs[j];
        j--;
      }
      segs[j + 1] = x;
    }
  }
}
