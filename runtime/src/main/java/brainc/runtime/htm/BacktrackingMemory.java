package brainc.runtime.htm;

import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;
import brainc.runtime.random.CounterRng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NuPIC's backtracking temporal memory ({@code BacktrackingTM} and its C++ twin {@code Cells4}),
 * the one Numenta's NAB detector ran, in this project's storage.
 *
 * <p>It keeps two states side by side. <b>Inference</b>: predicted cells of active columns become
 * active, unpredicted columns burst; a cell is predicted when one of its segments has at least
 * {@code activationThreshold} connected synapses from active cells. When fewer than half of the
 * active columns were predicted, or fewer columns are predicted than half the average input,
 * it <em>backtracks</em>: it replays the last {@code maxInfBacktrack} inputs starting on start
 * cells (cell 0 of each column) from the oldest one on, and keeps the first start from which
 * every step stays in sequence up to the current input. <b>Learning</b>: one learning cell per
 * active column, the predicted one or else the best matching cell (its best segment with at
 * least {@code minThreshold} synapses from the previous learning cells) or else a cell that gets
 * a new segment; segments that predict are queued as updates that are applied (reinforced) when
 * their column becomes active next, dropped otherwise. After {@code pamLength} records out of
 * sequence (or {@code maxSequenceLength} records) learning starts over, backtracking over the
 * last {@code maxLrnBacktrack} inputs for a start that is in sequence up to now.
 *
 * <p>The raw anomaly score is NuPIC's for this memory: the fraction of active columns without a
 * cell that had, after the previous record, a segment with at least {@code activationThreshold}
 * synapses (connected or not) from active cells: the columns of non-zero confidence (a segment's
 * confidence is its duty cycle, which is never 0, so the duty cycles decide nothing here).
 *
 * <p>Storage: a segment {@code seg} has its synapses in slots {@code seg * stride ..} of {@code
 * synPre}/{@code synPerm}, packed (removal moves the last one in); each cell lists its segments
 * in creation order and the synapses it is presynaptic to ({@code preSyns}, an entry is the slot
 * with the sign bit set while connected, the layout {@link HtmKernels#countActivity} reads, so
 * the engines' specialised kernels count activity here too). Tie rules, where NuPIC's leave a
 * choice to storage order: the best segment of a column is the one with the most synapses from
 * the active cells, then on the higher cell, then the lower segment index; random choices
 * (the cell for a new segment, the cells new synapses come from, by a partial Fisher-Yates
 * shuffle) are {@link CounterRng} draws keyed by (seed, learning record, draw), so there is no
 * generator state to keep.
 */
public final class BacktrackingMemory implements SequenceMemory {
  /** The kind of its {@link Snapshot}. */
  public static final String KIND = "htm-backtracking-memory";

  private static final int CONNECTED = 0x8000_0000;
  /** The counter-RNG stream of its random choices. */
  static final int STREAM = 0x4254_0001;
  /** NuPIC's duty-cycle tiers: {@code ALPHAS[i]} applies once the iteration is past {@code TIERS[i]}. */
  private static final long[] TIERS = {0, 100, 320, 1000, 3200, 10000, 32000, 100000, 320000};

  private static final float[] ALPHAS = {0f, 0.0032f, 0.0010f, 0.00032f, 0.00010f, 0.000032f, 0.000010f, 0.0000032f,
      0.0000010f};
  /** NuPIC ignores a queued update older than this many learning records (1 without pooling). */
  private static final int UPDATE_VALID_DURATION = 1;

  private final TmParams p;
  private final BacktrackParams b;
  private final HtmKernels kernels;
  private final int cpc;
  private final int cells;
  private final int columns;
  private final int stride;
  private final int maxSyn;
  private final float connectedPerm;
  private final float initialPerm;
  private final float inc;
  private final float negDec;
  private final int activationThreshold;
  private final int matchThreshold;

  // Segments.
  private int segCap;
  private int segCount;
  private int[] segCell;
  private int[] segSynCount;
  private long[] segLastActive;
  private int[] segPositive;
  private float[] segDutyCycle;
  private long[] segDutyIteration;
  private int[] freeSegs = new int[16];
  private int freeCount;
  private int[] synPre;
  private float[] synPerm;
  private int[] synRev;
  private int[] activity;
  private int[] touched;

  // Per cell.
  private final int[][] cellSegs;
  private final int[] cellSegCount;
  private final int[][] preSyns;
  private final int[] preSynCount;

  // States (cells or columns, ascending).
  private final CellSet infActive;
  private final CellSet infActive1;
  private final CellSet infPredicted;
  private final CellSet infPredicted1;
  private final CellSet infConfident;
  private final CellSet backupActive;
  private final CellSet backupPredicted1;
  private final CellSet backupPredicted;
  private final CellSet backupConfident;
  private boolean backupValid;
  private final CellSet candActive;
  private final CellSet candPredicted;
  private final CellSet candConfident;
  private final CellSet lrnActive;
  private final CellSet lrnActive1;
  private final CellSet lrnPredicted;
  private final CellSet lrnPredicted1;
  private final List<int[]> infPatterns = new ArrayList<>();
  private final List<int[]> lrnPatterns = new ArrayList<>();

  // Queued segment updates: cell, segment, learning iteration, source cells.
  private int updCount;
  private int[] updCell = new int[64];
  private int[] updSeg = new int[64];
  private long[] updTime = new long[64];
  private int[][] updSources = new int[64][];

  private long iteration;
  private long lrnIteration;
  private float avgInputDensity;
  private int pamCounter;
  private int learnedSeqLength;
  private boolean resetCalled;
  private double anomaly;
  /** Draws taken in this record (the counter of its random numbers). */
  private long draws;

  // The inference memo of one record (see recalled()): active set, predicted cells, confident columns, predicted column count.
  private static final int MEMO_SIZE = 32;
  private int memoCount;
  private final int[] memoHash = new int[MEMO_SIZE];
  private final int[] memoActiveCount = new int[MEMO_SIZE];
  private final int[][] memoActive = new int[MEMO_SIZE][];
  private final int[] memoPredictedCount = new int[MEMO_SIZE];
  private final int[][] memoPredicted = new int[MEMO_SIZE][];
  private final int[] memoConfidentCount = new int[MEMO_SIZE];
  private final int[][] memoConfident = new int[MEMO_SIZE][];
  private final int[] memoColumns = new int[MEMO_SIZE];

  // Scratch.
  private final CellBits cellFlag;
  private final CellBits cellFlag2;
  private final CellBits presentFlag;
  private final CellBits predFlag;
  private final boolean[] colFlag;
  private final int[] colBestSeg;
  private final int[] colBestAct;
  private final int[] colList;
  private final int[] bestCols;
  private int bestColCount;
  private int[] sources;
  private int[] candidates;
  private int[] pool;
  private float[] keys;

  /** A memory whose activity count runs on {@code kernels} (built for these parameters' synapse limit). */
  public BacktrackingMemory(TmParams params, BacktrackParams backtrack, HtmKernels kernels) {
    String conflict = BacktrackParams.conflict(params);
    if (conflict != null) throw new IllegalArgumentException(conflict);
    this.p = params;
    this.b = backtrack;
    this.kernels = kernels;
    this.cpc = params.cellsPerColumn();
    this.columns = params.columns();
    this.cells = columns * cpc;
    this.maxSyn = params.maxSynapsesPerSegment();
    this.stride = 1 << TemporalMemory.strideShift(maxSyn);
    this.connectedPerm = params.connectedPermanence();
    this.initialPerm = params.initialPermanence();
    this.inc = params.permanenceInc();
    this.negDec = -params.permanenceDec();
    this.activationThreshold = params.activationThreshold();
    this.matchThreshold = Math.max(1, params.minThreshold());
    this.segCap = 1024;
    this.segCell = new int[segCap];
    this.segSynCount = new int[segCap];
    this.segLastActive = new long[segCap];
    this.segPositive = new int[segCap];
    this.segDutyCycle = new float[segCap];
    this.segDutyIteration = new long[segCap];
    this.synPre = new int[segCap * stride];
    this.synPerm = new float[segCap * stride];
    this.synRev = new int[segCap * stride];
    this.activity = new int[segCap];
    this.touched = new int[segCap + 1];
    this.cellSegs = new int[cells][];
    this.cellSegCount = new int[cells];
    this.preSyns = new int[cells][];
    this.preSynCount = new int[cells];
    this.infActive = new CellSet(cells);
    this.infActive1 = new CellSet(cells);
    this.infPredicted = new CellSet(cells);
    this.infPredicted1 = new CellSet(cells);
    this.infConfident = new CellSet(columns);
    this.backupActive = new CellSet(cells);
    this.backupPredicted1 = new CellSet(cells);
    this.backupPredicted = new CellSet(cells);
    this.backupConfident = new CellSet(columns);
    this.candActive = new CellSet(cells);
    this.candPredicted = new CellSet(cells);
    this.candConfident = new CellSet(columns);
    this.lrnActive = new CellSet(columns);
    this.lrnActive1 = new CellSet(columns);
    this.lrnPredicted = new CellSet(columns);
    this.lrnPredicted1 = new CellSet(columns);
    this.cellFlag = new CellBits(cells);
    this.cellFlag2 = new CellBits(cells);
    this.presentFlag = new CellBits(cells);
    this.predFlag = new CellBits(cells);
    this.colFlag = new boolean[columns];
    this.colBestSeg = new int[columns];
    this.colBestAct = new int[columns];
    Arrays.fill(colBestSeg, -1);
    this.colList = new int[columns];
    this.bestCols = new int[columns];
    this.sources = new int[Math.max(maxSyn, params.maxNewSynapses()) + 1];
    this.candidates = new int[cells];
    this.pool = new int[64];
    this.keys = new float[64];
    this.pamCounter = backtrack.pamLength();
  }

  public TmParams params() {
    return p;
  }

  public BacktrackParams backtrackParams() {
    return b;
  }

  @Override
  public int columns() {
    return columns;
  }

  @Override
  public String kind() {
    return KIND;
  }

  public double anomaly() {
    return anomaly;
  }

  /** Active cells of the inference state after the last record (a copy, ascending). */
  public int[] activeCells() {
    return infActive.copy();
  }

  /** Predicted cells of the inference state after the last record (a copy, ascending). */
  public int[] predictiveCells() {
    return infPredicted.copy();
  }

  /** Columns of non-zero confidence after the last record: those the next score counts as predicted. */
  public int[] predictedColumns() {
    return infConfident.copy();
  }

  /** Learning cells after the last record, one per active column (a copy, ascending). */
  public int[] learningCells() {
    return lrnActive.copy();
  }

  /** Segment updates waiting for their column to become active. */
  public int queuedUpdates() {
    int n = 0;
    for (int i = 0; i < updCount; i++) if (updSeg[i] >= 0) n++;
    return n;
  }

  @Override
  public int segments() {
    return segCount - freeCount;
  }

  @Override
  public long synapses() {
    long n = 0;
    for (int s = 0; s < segCount; s++) if (segCell[s] >= 0) n += segSynCount[s];
    return n;
  }

  /**
   * Checks the bookkeeping: every live segment is listed by its cell once, has no more synapses
   * than the limit and no two from one cell, every permanence lies in (0, 1], every synapse is in
   * its presynaptic cell's list at the place it records, with the connected bit right, and no
   * cell has more segments than the limit. Returns the first problem, or null.
   */
  public String invariantProblem() {
    int listed = 0;
    for (int c = 0; c < cells; c++) {
      if (cellSegCount[c] > p.maxSegmentsPerCell()) return "cell " + c + " has " + cellSegCount[c] + " segments";
      for (int i = 0; i < cellSegCount[c]; i++) {
        int seg = cellSegs[c][i];
        if (segCell[seg] != c) return "cell " + c + " lists segment " + seg + " of cell " + segCell[seg];
        listed++;
      }
    }
    if (listed != segments()) return listed + " segments listed, " + segments() + " live";
    long pres = 0;
    for (int c = 0; c < cells; c++) pres += preSynCount[c];
    if (pres != synapses()) return pres + " presynaptic entries for " + synapses() + " synapses";
    for (int seg = 0; seg < segCount; seg++) {
      if (segCell[seg] < 0) continue;
      int n = segSynCount[seg];
      if (n < 1 || n > maxSyn) return "segment " + seg + " has " + n + " synapses";
      for (int i = 0; i < n; i++) {
        int slot = seg * stride + i;
        int pre = synPre[slot];
        if (cellFlag.get(pre)) return "segment " + seg + " has two synapses from cell " + pre;
        cellFlag.set(pre);
        float q = synPerm[slot];
        if (!(q > 0f && q <= 1f)) return "segment " + seg + " has permanence " + q;
        int e = preSyns[pre][synRev[slot]];
        if ((e & ~CONNECTED) != slot) return "cell " + pre + "'s entry for slot " + slot + " is " + (e & ~CONNECTED);
        if ((e < 0) != (q >= connectedPerm)) return "slot " + slot + " has the wrong connected bit";
      }
      for (int i = 0; i < n; i++) cellFlag.clear(synPre[seg * stride + i]);
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // One record
  // ---------------------------------------------------------------------------------------------

  @Override
  public double compute(int[] cols, int n, boolean learn) {
    if (learn) lrnIteration++;
    iteration++;
    draws = 0;
    if (learn && atTier(lrnIteration)) {
      for (int seg = 0; seg < segCount; seg++) if (segCell[seg] >= 0) dutyCycle(seg, false);
    }
    avgInputDensity = avgInputDensity == 0f ? n : 0.99f * avgInputDensity + (1f - 0.99f) * n;

    // The score compares with the columns confident after the previous record.
    int hits = 0;
    for (int i = 0; i < infConfident.n; i++) colFlag[infConfident.v[i]] = true;
    for (int i = 0; i < n; i++) if (colFlag[cols[i]]) hits++;
    for (int i = 0; i < infConfident.n; i++) colFlag[infConfident.v[i]] = false;
    anomaly = n == 0 ? 0.0 : (double) (n - hits) / n;

    int[] pattern = Arrays.copyOf(cols, n);
    updateInference(pattern);
    if (learn) {
      updateLearning(pattern);
      globalDecay();
    }
    resetCalled = false;
    return anomaly;
  }

  @Override
  public void reset() {
    infActive.n = 0;
    infActive1.n = 0;
    infPredicted.n = 0;
    infPredicted1.n = 0;
    infConfident.n = 0;
    lrnActive.n = 0;
    lrnActive1.n = 0;
    lrnPredicted.n = 0;
    lrnPredicted1.n = 0;
    clearUpdates();
    infPatterns.clear();
    lrnPatterns.clear();
    resetCalled = true;
  }

  // ---------------------------------------------------------------------------------------------
  // Inference
  // ---------------------------------------------------------------------------------------------

  private void updateInference(int[] cols) {
    infActive1.copyFrom(infActive);
    infPredicted1.copyFrom(infPredicted);
    if (b.maxInfBacktrack() > 0) {
      if (infPatterns.size() > b.maxInfBacktrack()) infPatterns.remove(0);
      infPatterns.add(cols);
    }
    backupValid = false;
    memoCount = 0;
    if (!inferPhase1(cols, resetCalled)) {
      inferBacktrack();
    } else if (!inferPhase2()) {
      // Backtracking falls back on these active cells; inference changes no synapse, so keep their outcome.
      backupPredicted.copyFrom(infPredicted);
      backupConfident.copyFrom(infConfident);
      backupValid = true;
      inferBacktrack();
    }
  }

  /** Active cells from the previous prediction (or start cells); whether enough columns were predicted. */
  private boolean inferPhase1(int[] cols, boolean useStartCells) {
    infActive.n = 0;
    if (useStartCells) {
      for (int c : cols) infActive.add(c * cpc);
      return true;
    }
    for (int i = 0; i < infPredicted1.n; i++) cellFlag.set(infPredicted1.v[i]);
    int predictedColumns = 0;
    for (int c : cols) {
      int first = c * cpc;
      int before = infActive.n;
      for (int k = 0; k < cpc; k++) if (cellFlag.get(first + k)) infActive.add(first + k);
      if (infActive.n > before) predictedColumns++;
      else for (int k = 0; k < cpc; k++) infActive.add(first + k);
    }
    for (int i = 0; i < infPredicted1.n; i++) cellFlag.clear(infPredicted1.v[i]);
    return predictedColumns >= 0.5 * cols.length;
  }

  /** Predicted cells and confident columns from the active cells; whether enough columns are predicted. */
  private boolean inferPhase2() {
    int hit = recalled();
    if (hit >= 0) {
      infPredicted.set(memoPredicted[hit], memoPredictedCount[hit]);
      infConfident.set(memoConfident[hit], memoConfidentCount[hit]);
      return memoColumns[hit] >= 0.5 * avgInputDensity;
    }
    int touchedCount = count(infActive);
    infPredicted.n = 0;
    infConfident.n = 0;
    for (int i = 0; i < touchedCount; i++) {
      int seg = touched[i];
      int a = activity[seg];
      activity[seg] = 0;
      if ((a & 0xFFFF) < activationThreshold) continue;
      int cell = segCell[seg];
      int col = cell / cpc;
      if (!colFlag[col]) {
        colFlag[col] = true;
        infConfident.add(col);
      }
      if ((a >>> 16) >= activationThreshold && !cellFlag.get(cell)) {
        cellFlag.set(cell);
        infPredicted.add(cell);
      }
    }
    for (int i = 0; i < infConfident.n; i++) colFlag[infConfident.v[i]] = false;
    int predictedColumns = 0;
    for (int i = 0; i < infPredicted.n; i++) {
      int cell = infPredicted.v[i];
      cellFlag.clear(cell);
      int col = cell / cpc;
      if (!colFlag[col]) {
        colFlag[col] = true;
        colList[predictedColumns++] = col;
      }
    }
    for (int i = 0; i < predictedColumns; i++) colFlag[colList[i]] = false;
    infPredicted.sort();
    infConfident.sort();
    remember(predictedColumns);
    return predictedColumns >= 0.5 * avgInputDensity;
  }

  /**
   * The entry of the inference memo for the current {@link #infActive}, or -1. Within one
   * record's inference no synapse changes, so the prediction from an active set is a function
   * of the set alone; the backtrack's replays often reach a set the record already counted.
   */
  private int recalled() {
    int h = hashOf(infActive);
    for (int e = 0; e < memoCount; e++) {
      if (memoHash[e] == h && memoActiveCount[e] == infActive.n
          && Arrays.equals(memoActive[e], 0, infActive.n, infActive.v, 0, infActive.n)) {
        return e;
      }
    }
    return -1;
  }

  /** Records the outcome of the count just made from {@link #infActive}, while the memo has room. */
  private void remember(int predictedColumns) {
    if (memoCount == MEMO_SIZE) return;
    int e = memoCount++;
    memoHash[e] = hashOf(infActive);
    memoActiveCount[e] = infActive.n;
    memoActive[e] = into(memoActive[e], infActive);
    memoPredictedCount[e] = infPredicted.n;
    memoPredicted[e] = into(memoPredicted[e], infPredicted);
    memoConfidentCount[e] = infConfident.n;
    memoConfident[e] = into(memoConfident[e], infConfident);
    memoColumns[e] = predictedColumns;
  }

  private static int hashOf(CellSet s) {
    int h = s.n;
    for (int i = 0; i < s.n; i++) h = 31 * h + s.v[i];
    return h;
  }

  /** {@code s}'s elements in {@code to}, grown when too small (the memo's arrays are reused). */
  private static int[] into(int[] to, CellSet s) {
    if (to == null || to.length < s.n) to = new int[Math.max(s.n, 64)];
    System.arraycopy(s.v, 0, to, 0, s.n);
    return to;
  }

  /** Replays the kept inputs from start cells, oldest start first, and keeps the first that stays in sequence. */
  private void inferBacktrack() {
    int m = infPatterns.size();
    if (m == 0) return;
    int current = m - 1;
    backupActive.copyFrom(infActive);
    backupPredicted1.copyFrom(infPredicted1);
    int cand = -1;
    for (int start = 0; start < m; start++) {
      boolean inSequence = false;
      for (int off = start; off < m; off++) {
        infPredicted1.copyFrom(infPredicted);
        inSequence = inferPhase1(infPatterns.get(off), off == start);
        if (!inSequence) break;
        inSequence = inferPhase2();
        if (!inSequence) break;
      }
      if (!inSequence) continue;
      cand = start;
      if (cand != current) {
        candActive.copyFrom(infActive);
        candPredicted.copyFrom(infPredicted);
        candConfident.copyFrom(infConfident);
      }
      break;
    }
    if (cand < 0) {
      infActive.copyFrom(backupActive);
      if (backupValid) {
        infPredicted.copyFrom(backupPredicted);
        infConfident.copyFrom(backupConfident);
      } else {
        inferPhase2();
      }
    } else if (cand != current) {
      infActive.copyFrom(candActive);
      infPredicted.copyFrom(candPredicted);
      infConfident.copyFrom(candConfident);
    }
    // The starts that failed come before the one kept: drop them and it.
    int drop = cand < 0 ? m : cand + 1;
    infPatterns.subList(0, drop).clear();
    infPredicted1.copyFrom(backupPredicted1);
  }

  // ---------------------------------------------------------------------------------------------
  // Learning
  // ---------------------------------------------------------------------------------------------

  private void updateLearning(int[] cols) {
    lrnActive1.copyFrom(lrnActive);
    lrnPredicted1.copyFrom(lrnPredicted);
    if (b.maxLrnBacktrack() > 0) {
      if (lrnPatterns.size() > b.maxLrnBacktrack()) lrnPatterns.remove(0);
      lrnPatterns.add(cols);
    }
    processUpdates(cols);
    if (pamCounter > 0) pamCounter--;
    learnedSeqLength++;
    if (!resetCalled && learnPhase1(cols, false)) pamCounter = b.pamLength();
    if (resetCalled || pamCounter == 0 || (b.maxSequenceLength() != 0 && learnedSeqLength >= b.maxSequenceLength())) {
      int backSteps = resetCalled ? 0 : learnBacktrack();
      if (backSteps == 0) {
        lrnActive.n = 0;
        for (int c : cols) lrnActive.add(c * cpc);
        lrnPatterns.clear();
      }
      pamCounter = b.pamLength();
      learnedSeqLength = backSteps;
      clearUpdates();
    }
    learnPhase2(false);
  }

  /**
   * Learning cells of the active columns: the predicted one, else (learning) the best matching
   * cell, whose segment learns at once, else a cell that grows a new segment. Whether fewer than
   * half of the columns went unpredicted.
   */
  private boolean learnPhase1(int[] cols, boolean readOnly) {
    lrnActive.n = 0;
    for (int i = 0; i < lrnPredicted1.n; i++) predFlag.set(lrnPredicted1.v[i]);
    int touchedCount = 0;
    if (!readOnly && anyUnpredicted(cols)) {
      touchedCount = count(lrnActive1);
      bestPerColumn(touchedCount, matchThreshold);
      for (int i = 0; i < lrnActive1.n; i++) cellFlag.set(lrnActive1.v[i]);
    }
    int unpredicted = 0;
    for (int c : cols) {
      int first = c * cpc;
      int predicted = -1;
      int count = 0;
      for (int k = 0; k < cpc; k++) {
        if (predFlag.get(first + k)) {
          predicted = first + k;
          count++;
        }
      }
      if (count == 1) {
        lrnActive.add(predicted);
        continue;
      }
      unpredicted++;
      if (readOnly) continue;
      int seg = colBestSeg[c];
      if (seg >= 0 && segCell[seg] >= 0) {
        int cell = segCell[seg];
        lrnActive.add(cell);
        int n = chooseSources(seg, lrnActive1);
        if (n > 0) adaptSegment(seg, sources, n);
      } else {
        int cell = cellForNewSegment(c);
        lrnActive.add(cell);
        int n = chooseSources(-1, lrnActive1);
        if (n > 0) createSegment(cell, sources, n);
      }
    }
    for (int i = 0; i < lrnActive1.n; i++) cellFlag.clear(lrnActive1.v[i]);
    clearBest(touchedCount);
    for (int i = 0; i < lrnPredicted1.n; i++) predFlag.clear(lrnPredicted1.v[i]);
    lrnActive.sort();
    return unpredicted < cols.length / 2;
  }

  /** Whether a column of {@code cols} has not exactly one cell in {@code predFlag} (then learning needs the activity). */
  private boolean anyUnpredicted(int[] cols) {
    for (int c : cols) {
      int count = 0;
      for (int k = 0, first = c * cpc; k < cpc; k++) if (predFlag.get(first + k)) count++;
      if (count != 1) return true;
    }
    return false;
  }

  /** The learning prediction: in each column the best segment on the learning cells; queues its update. */
  private void learnPhase2(boolean readOnly) {
    int touchedCount = count(lrnActive);
    bestPerColumn(touchedCount, activationThreshold);
    int cols = bestColCount;
    System.arraycopy(bestCols, 0, colList, 0, cols);
    Arrays.sort(colList, 0, cols);
    lrnPredicted.n = 0;
    if (!readOnly) for (int i = 0; i < lrnActive.n; i++) cellFlag.set(lrnActive.v[i]);
    for (int i = 0; i < cols; i++) {
      int seg = colBestSeg[colList[i]];
      lrnPredicted.add(segCell[seg]);
      if (!readOnly) {
        int n = chooseSources(seg, lrnActive);
        if (n > 0) queueUpdate(segCell[seg], seg, Arrays.copyOf(sources, n));
      }
    }
    if (!readOnly) for (int i = 0; i < lrnActive.n; i++) cellFlag.clear(lrnActive.v[i]);
    clearBest(touchedCount);
  }

  /** Backtracks the learning state; how many steps back it locked on, 0 when it did not. */
  private int learnBacktrack() {
    int n = lrnPatterns.isEmpty() ? 0 : lrnPatterns.size() - 1;
    if (n <= 0) return 0;
    int start = 0;
    boolean inSequence = false;
    for (; start < n; start++) {
      inSequence = learnBacktrackFrom(start, true);
      if (inSequence) break;
    }
    if (!inSequence) {
      lrnPatterns.clear();
      return 0;
    }
    learnBacktrackFrom(start, false);
    lrnPatterns.subList(0, start + 1).clear();
    return n - start;
  }

  private boolean learnBacktrackFrom(int start, boolean readOnly) {
    int m = lrnPatterns.size();
    int current = m - 1;
    if (!readOnly) clearUpdates();
    boolean inSequence = true;
    for (int off = start; off < m; off++) {
      lrnActive1.copyFrom(lrnActive);
      lrnPredicted1.copyFrom(lrnPredicted);
      int[] pattern = lrnPatterns.get(off);
      if (!readOnly) processUpdates(pattern);
      if (off == start) {
        lrnActive.n = 0;
        for (int c : pattern) lrnActive.add(c * cpc);
        inSequence = true;
      } else {
        inSequence = learnPhase1(pattern, readOnly);
      }
      if (!inSequence || off == current) break;
      learnPhase2(readOnly);
    }
    return inSequence;
  }

  /**
   * For each column with a segment touched by the last count, the segment with the most synapses
   * from the active cells, at least {@code threshold}; ties: higher cell, then lower index.
   */
  private void bestPerColumn(int touchedCount, int threshold) {
    for (int i = 0; i < touchedCount; i++) {
      int seg = touched[i];
      int a = activity[seg] & 0xFFFF;
      if (a < threshold) continue;
      int col = segCell[seg] / cpc;
      int best = colBestSeg[col];
      if (best < 0) bestCols[bestColCount++] = col;
      if (best < 0 || a > colBestAct[col]
          || (a == colBestAct[col] && (segCell[seg] > segCell[best] || (segCell[seg] == segCell[best] && seg < best)))) {
        colBestSeg[col] = seg;
        colBestAct[col] = a;
      }
    }
  }

  private void clearBest(int touchedCount) {
    for (int i = 0; i < touchedCount; i++) activity[touched[i]] = 0;
    for (int i = 0; i < bestColCount; i++) colBestSeg[bestCols[i]] = -1;
    bestColCount = 0;
  }

  /**
   * Into {@code sources}: the cells of {@code state} the segment has synapses from, then enough
   * other cells of {@code state} drawn at random for {@code maxNewSynapses} in all, ascending.
   * {@code cellFlag} marks {@code state}'s cells.
   */
  private int chooseSources(int seg, CellSet state) {
    int n = 0;
    if (seg >= 0) {
      for (int i = 0, base = seg * stride; i < segSynCount[seg]; i++) {
        int pre = synPre[base + i];
        cellFlag2.set(pre);
        if (cellFlag.get(pre)) sources[n++] = pre;
      }
    }
    int add = p.maxNewSynapses() - n;
    if (add > 0) {
      int m = 0;
      for (int i = 0; i < state.n; i++) {
        int c = state.v[i];
        if (seg < 0 || !cellFlag2.get(c)) candidates[m++] = c;
      }
      if (m <= add) {
        System.arraycopy(candidates, 0, sources, n, m);
        n += m;
      } else {
        for (int i = 0; i < add; i++) {
          int j = i + uniform(m - i);
          int t = candidates[i];
          candidates[i] = candidates[j];
          candidates[j] = t;
          sources[n++] = candidates[i];
        }
      }
    }
    if (seg >= 0) for (int i = 0, base = seg * stride; i < segSynCount[seg]; i++) cellFlag2.clear(synPre[base + i]);
    Arrays.sort(sources, 0, n);
    return n;
  }

  /** A cell of column {@code col} other than its start cell with room for a segment; else one made by freeing the least used segment. */
  private int cellForNewSegment(int col) {
    int first = col * cpc;
    int m = 0;
    for (int k = 1; k < cpc; k++) if (cellSegCount[first + k] < p.maxSegmentsPerCell()) candidates[m++] = first + k;
    if (m > 0) return candidates[uniform(m)];
    int victim = -1;
    float least = Float.POSITIVE_INFINITY;
    for (int k = 1; k < cpc; k++) {
      int cell = first + k;
      for (int i = 0; i < cellSegCount[cell]; i++) {
        int seg = cellSegs[cell][i];
        float dc = dutyCycle(seg, false);
        if (dc < least) {
          least = dc;
          victim = seg;
        }
      }
    }
    int cell = segCell[victim];
    releaseSegment(victim);
    return cell;
  }

  private void processUpdates(int[] cols) {
    if (updCount == 0) return;
    for (int c : cols) colFlag[c] = true;
    for (int i = 0; i < updCount; i++) {
      int seg = updSeg[i];
      if (seg < 0 || lrnIteration - updTime[i] > UPDATE_VALID_DURATION) continue;
      if (colFlag[updCell[i] / cpc] && segCell[seg] == updCell[i]) adaptSegment(seg, updSources[i], updSources[i].length);
    }
    for (int c : cols) colFlag[c] = false;
    clearUpdates();
  }

  private void queueUpdate(int cell, int seg, int[] src) {
    if (updCount == updCell.length) {
      int cap = updCount * 2;
      updCell = Arrays.copyOf(updCell, cap);
      updSeg = Arrays.copyOf(updSeg, cap);
      updTime = Arrays.copyOf(updTime, cap);
      updSources = Arrays.copyOf(updSources, cap);
    }
    updCell[updCount] = cell;
    updSeg[updCount] = seg;
    updTime[updCount] = lrnIteration;
    updSources[updCount] = src;
    updCount++;
  }

  private void clearUpdates() {
    Arrays.fill(updSources, 0, updCount, null);
    updCount = 0;
  }

  private void globalDecay() {
    if (b.globalDecay() == 0f || b.maxAge() == 0 || lrnIteration % b.maxAge() != 0) return;
    for (int seg = 0; seg < segCount; seg++) {
      if (segCell[seg] < 0 || lrnIteration - segLastActive[seg] <= b.maxAge()) continue;
      int base = seg * stride;
      for (int i = segSynCount[seg] - 1; i >= 0; i--) {
        float q = synPerm[base + i];
        if (q <= b.globalDecay()) destroySynapse(seg, i);
        else setPermanence(base + i, q - b.globalDecay());
      }
      if (segSynCount[seg] == 0) releaseSegment(seg);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Segments and synapses
  // ---------------------------------------------------------------------------------------------

  /**
   * NuPIC's positive duty cycle of a segment at the current learning iteration: its hit rate
   * while young, then an exponential average whose rate falls in tiers; stored, as NuPIC does
   * where it matters. {@code active}: the segment is being reinforced now.
   */
  private float dutyCycle(int seg, boolean active) {
    long it = lrnIteration;
    if (it <= TIERS[1]) {
      float dc = (float) segPositive[seg] / it;
      segDutyIteration[seg] = it;
      segDutyCycle[seg] = dc;
      return dc;
    }
    long age = it - segDutyIteration[seg];
    if (age == 0 && !active) return segDutyCycle[seg];
    float alpha = 0f;
    for (int t = TIERS.length - 1; t > 0; t--) {
      if (it > TIERS[t]) {
        alpha = ALPHAS[t];
        break;
      }
    }
    float dc = (float) (StrictMath.pow(1.0 - alpha, age) * segDutyCycle[seg]);
    if (active) dc += alpha;
    segDutyCycle[seg] = dc;
    segDutyIteration[seg] = it;
    return dc;
  }

  private static boolean atTier(long it) {
    for (long t : TIERS) if (it == t) return true;
    return false;
  }

  /**
   * NuPIC's adaptSegment: synapses from {@code src} cells are reinforced, the others weakened
   * (and destroyed at 0), the src cells it has no synapse from get new ones; the weakest
   * synapses, inactive ones first, make room.
   */
  private void adaptSegment(int seg, int[] src, int n) {
    segLastActive[seg] = lrnIteration;
    segPositive[seg]++;
    dutyCycle(seg, true);
    for (int i = 0; i < n; i++) cellFlag2.set(src[i]);
    int base = seg * stride;
    // Weaken first (destroying what reaches 0), then reinforce, as NuPIC.
    for (int i = segSynCount[seg] - 1; i >= 0; i--) {
      if (cellFlag2.get(synPre[base + i])) continue;
      float q = Math.min(synPerm[base + i] + negDec, 1f);
      if (q <= 0f) destroySynapse(seg, i);
      else setPermanence(base + i, q);
    }
    int inactive = 0;
    for (int i = 0; i < segSynCount[seg]; i++) {
      int pre = synPre[base + i];
      if (cellFlag2.get(pre)) {
        setPermanence(base + i, Math.min(synPerm[base + i] + inc, 1f));
        presentFlag.set(pre);
      } else {
        inactive++;
      }
    }
    int fresh = 0;
    for (int i = 0; i < n; i++) if (!presentFlag.get(src[i])) fresh++;
    int free = fresh + segSynCount[seg] - maxSyn;
    if (free > 0) freeSynapses(seg, free, inactive);
    for (int i = 0; i < n; i++) {
      if (!presentFlag.get(src[i])) createSynapse(seg, src[i], initialPerm);
      presentFlag.clear(src[i]);
      cellFlag2.clear(src[i]);
    }
    if (segSynCount[seg] == 0) releaseSegment(seg);
  }

  /**
   * Destroys the {@code count} weakest synapses of {@code seg}: the inactive ones (not flagged in
   * {@code cellFlag2}) by permanence, then, only when they do not suffice, the active ones by
   * permanence (NuPIC ranks these at permanence + 1); ties: lower slot.
   */
  private void freeSynapses(int seg, int count, int inactive) {
    int base = seg * stride;
    int size = segSynCount[seg];
    boolean withActive = inactive < count;
    if (pool.length < size) {
      pool = new int[size];
      keys = new float[size];
    }
    int m = 0;
    for (int pass = 0; pass < (withActive ? 2 : 1); pass++) {
      for (int i = 0; i < size; i++) {
        boolean active = cellFlag2.get(synPre[base + i]);
        if (active != (pass == 1)) continue;
        pool[m] = i;
        keys[m] = active ? synPerm[base + i] + 1f : synPerm[base + i];
        m++;
      }
    }
    // A stable sort by key (insertion sort: a segment is small).
    for (int i = 1; i < m; i++) {
      float k = keys[i];
      int s = pool[i];
      int j = i - 1;
      while (j >= 0 && keys[j] > k) {
        keys[j + 1] = keys[j];
        pool[j + 1] = pool[j];
        j--;
      }
      keys[j + 1] = k;
      pool[j + 1] = s;
    }
    // Highest slot first, so that the synapse moved into a hole is never one still to go.
    Arrays.sort(pool, 0, count);
    for (int i = count - 1; i >= 0; i--) destroySynapse(seg, pool[i]);
  }

  private void createSegment(int cell, int[] src, int n) {
    int seg;
    if (freeCount > 0) {
      seg = freeSegs[--freeCount];
    } else {
      if (segCount == segCap) growSegments();
      seg = segCount++;
    }
    segCell[seg] = cell;
    segSynCount[seg] = 0;
    segLastActive[seg] = lrnIteration;
    segPositive[seg] = 1;
    segDutyCycle[seg] = 1f / lrnIteration;
    segDutyIteration[seg] = lrnIteration;
    if (cellSegs[cell] == null) cellSegs[cell] = new int[4];
    if (cellSegCount[cell] == cellSegs[cell].length) cellSegs[cell] = Arrays.copyOf(cellSegs[cell], cellSegCount[cell] * 2);
    cellSegs[cell][cellSegCount[cell]++] = seg;
    for (int i = 0; i < n; i++) createSynapse(seg, src[i], initialPerm);
  }

  /** Destroys a segment's synapses, takes it off its cell's list and any queued update, and frees its index. */
  private void releaseSegment(int seg) {
    for (int i = segSynCount[seg] - 1; i >= 0; i--) destroySynapse(seg, i);
    int cell = segCell[seg];
    int[] list = cellSegs[cell];
    int k = 0;
    while (list[k] != seg) k++;
    System.arraycopy(list, k + 1, list, k, cellSegCount[cell] - k - 1);
    cellSegCount[cell]--;
    segCell[seg] = -1;
    if (freeCount == freeSegs.length) freeSegs = Arrays.copyOf(freeSegs, freeCount * 2);
    freeSegs[freeCount++] = seg;
    for (int i = 0; i < updCount; i++) if (updSeg[i] == seg) updSeg[i] = -1;
  }

  private void growSegments() {
    int cap = segCap * 2;
    segCell = Arrays.copyOf(segCell, cap);
    segSynCount = Arrays.copyOf(segSynCount, cap);
    segLastActive = Arrays.copyOf(segLastActive, cap);
    segPositive = Arrays.copyOf(segPositive, cap);
    segDutyCycle = Arrays.copyOf(segDutyCycle, cap);
    segDutyIteration = Arrays.copyOf(segDutyIteration, cap);
    synPre = Arrays.copyOf(synPre, cap * stride);
    synPerm = Arrays.copyOf(synPerm, cap * stride);
    synRev = Arrays.copyOf(synRev, cap * stride);
    activity = Arrays.copyOf(activity, cap);
    touched = Arrays.copyOf(touched, cap + 1);
    segCap = cap;
  }

  private void createSynapse(int seg, int pre, float perm) {
    int slot = seg * stride + segSynCount[seg]++;
    synPre[slot] = pre;
    synPerm[slot] = perm;
    if (preSyns[pre] == null) preSyns[pre] = new int[8];
    if (preSynCount[pre] == preSyns[pre].length) preSyns[pre] = Arrays.copyOf(preSyns[pre], preSynCount[pre] * 2);
    synRev[slot] = preSynCount[pre];
    preSyns[pre][preSynCount[pre]++] = perm >= connectedPerm ? slot | CONNECTED : slot;
  }

  /** Destroys synapse {@code i} of {@code seg}; the segment's last synapse takes its slot. */
  private void destroySynapse(int seg, int i) {
    int base = seg * stride;
    int slot = base + i;
    int pre = synPre[slot];
    // Out of the presynaptic list: its last entry moves into the hole.
    int at = synRev[slot];
    int lastAt = --preSynCount[pre];
    if (at != lastAt) {
      int moved = preSyns[pre][lastAt];
      preSyns[pre][at] = moved;
      synRev[moved & ~CONNECTED] = at;
    }
    int last = base + --segSynCount[seg];
    if (slot != last) {
      synPre[slot] = synPre[last];
      synPerm[slot] = synPerm[last];
      synRev[slot] = synRev[last];
      int[] list = preSyns[synPre[slot]];
      list[synRev[slot]] = (list[synRev[slot]] & CONNECTED) | slot;
    }
  }

  private void setPermanence(int slot, float q) {
    float old = synPerm[slot];
    synPerm[slot] = q;
    if ((old >= connectedPerm) != (q >= connectedPerm)) {
      int[] list = preSyns[synPre[slot]];
      list[synRev[slot]] ^= CONNECTED;
    }
  }

  /** Counts every segment's synapses from {@code active}'s cells into {@code activity}; returns how many segments. */
  private int count(CellSet active) {
    return kernels.countActivity(active.v, active.n, preSyns, preSynCount, activity, touched, 0);
  }

  /** The next draw in {@code [0, n)} of this learning record: a counter-RNG draw keyed by (seed, record, draw). */
  private int uniform(int n) {
    return CounterRng.uniformInt(p.seed(), STREAM, lrnIteration, draws++, n);
  }

  // ---------------------------------------------------------------------------------------------
  // Snapshot
  // ---------------------------------------------------------------------------------------------

  /**
   * Everything carried from one record to the next: segments and synapses in their slots (free
   * list and per-cell order included), the inference and learning states, the input histories,
   * the queued updates and the counters. The presynaptic lists are rebuilt on restore: their
   * order decides nothing (the tie rules are orders on cells and segments).
   */
  @Override
  public Snapshot snapshot() {
    long live = 0;
    for (int seg = 0; seg < segCount; seg++) live += segSynCount[seg];
    int[] pre = new int[Math.toIntExact(live)];
    float[] perm = new float[pre.length];
    for (int seg = 0, at = 0; seg < segCount; seg++) {
      System.arraycopy(synPre, seg * stride, pre, at, segSynCount[seg]);
      System.arraycopy(synPerm, seg * stride, perm, at, segSynCount[seg]);
      at += segSynCount[seg];
    }
    int[] updLengths = new int[updCount];
    int[][] upd = new int[updCount][];
    for (int i = 0; i < updCount; i++) {
      upd[i] = updSources[i];
      updLengths[i] = upd[i].length;
    }
    return Snapshot.builder(KIND)
        .counter("iteration", iteration)
        .counter("lrn_iteration", lrnIteration)
        .counter("pam_counter", pamCounter)
        .counter("learned_seq_length", learnedSeqLength)
        .counter("reset_called", resetCalled ? 1 : 0)
        .counter("seg_cap", segCap)
        .counter("seg_count", segCount)
        .array("anomaly", new double[] {anomaly})
        .array("avg_input_density", new float[] {avgInputDensity})
        .array("seg_cell", Arrays.copyOf(segCell, segCount))
        .array("seg_syn_count", Arrays.copyOf(segSynCount, segCount))
        .array("seg_last_active", Arrays.copyOf(segLastActive, segCount))
        .array("seg_positive", Arrays.copyOf(segPositive, segCount))
        .array("seg_duty_cycle", Arrays.copyOf(segDutyCycle, segCount))
        .array("seg_duty_iteration", Arrays.copyOf(segDutyIteration, segCount))
        .array("free_segs", Arrays.copyOf(freeSegs, freeCount))
        .array("syn_pre", pre)
        .array("syn_perm", perm)
        .array("cell_seg_count", cellSegCount)
        .array("cell_segs", StateArrays.flatten(cellSegs, cellSegCount))
        .array("inf_active", infActive.copy())
        .array("inf_predicted", infPredicted.copy())
        .array("inf_confident", infConfident.copy())
        .array("lrn_active", lrnActive.copy())
        .array("lrn_predicted", lrnPredicted.copy())
        .array("inf_pattern_lengths", lengths(infPatterns))
        .array("inf_patterns", StateArrays.flatten(infPatterns.toArray(int[][]::new), lengths(infPatterns)))
        .array("lrn_pattern_lengths", lengths(lrnPatterns))
        .array("lrn_patterns", StateArrays.flatten(lrnPatterns.toArray(int[][]::new), lengths(lrnPatterns)))
        .array("upd_cell", Arrays.copyOf(updCell, updCount))
        .array("upd_seg", Arrays.copyOf(updSeg, updCount))
        .array("upd_time", Arrays.copyOf(updTime, updCount))
        .array("upd_lengths", updLengths)
        .array("upd_sources", StateArrays.flatten(upd, updLengths))
        .build();
  }

  private static int[] lengths(List<int[]> patterns) {
    int[] n = new int[patterns.size()];
    for (int i = 0; i < n.length; i++) n[i] = patterns.get(i).length;
    return n;
  }

  /** Puts back a {@link #snapshot} of a memory with the same parameters; reads all of it before changing anything. */
  public void restore(Snapshot s) throws SnapshotException {
    restoring(s).run();
  }

  @Override
  public Runnable restoring(Snapshot s) throws SnapshotException {
    s.expect(KIND);
    long it = StateArrays.counter(s, "iteration", 0, Long.MAX_VALUE);
    long lit = StateArrays.counter(s, "lrn_iteration", 0, it);
    int pam = (int) StateArrays.counter(s, "pam_counter", 0, b.pamLength());
    int seqLength = (int) StateArrays.counter(s, "learned_seq_length", 0, Integer.MAX_VALUE);
    boolean reset = StateArrays.counter(s, "reset_called", 0, 1) == 1;
    int cap = (int) StateArrays.counter(s, "seg_cap", 1, (Integer.MAX_VALUE - 8) / stride);
    int count = (int) StateArrays.counter(s, "seg_count", 0, cap);
    double[] an = StateArrays.doubles(s, "anomaly", 1);
    float[] density = StateArrays.floats(s, "avg_input_density", 1);
    int[] cell = StateArrays.ints(s, "seg_cell", count);
    StateArrays.indices(cell, -1, cells, "seg_cell");
    int[] synCount = StateArrays.ints(s, "seg_syn_count", count);
    StateArrays.indices(synCount, 0, maxSyn + 1, "seg_syn_count");
    long[] lastActive = StateArrays.longs(s, "seg_last_active", count);
    int[] positive = StateArrays.ints(s, "seg_positive", count);
    float[] duty = StateArrays.floats(s, "seg_duty_cycle", count);
    long[] dutyIt = StateArrays.longs(s, "seg_duty_iteration", count);
    int[] free = StateArrays.ints(s, "free_segs", -1);
    StateArrays.indices(free, 0, count, "free_segs");
    long live = 0;
    for (int c : synCount) live += c;
    int[] pre = StateArrays.ints(s, "syn_pre", Math.toIntExact(live));
    StateArrays.indices(pre, 0, cells, "syn_pre");
    float[] perm = StateArrays.floats(s, "syn_perm", Math.toIntExact(live));
    int[] csc = StateArrays.ints(s, "cell_seg_count", cells);
    StateArrays.indices(csc, 0, p.maxSegmentsPerCell() + 1, "cell_seg_count");
    int[][] cs = StateArrays.unflatten(StateArrays.ints(s, "cell_segs", -1), csc, 4, "cell_segs");
    for (int[] list : cs) StateArrays.indices(list, 0, Math.max(1, count), "cell_segs");
    int[] ia = cellsIn(s, "inf_active", cells);
    int[] ip = cellsIn(s, "inf_predicted", cells);
    int[] ic = cellsIn(s, "inf_confident", columns);
    int[] la = cellsIn(s, "lrn_active", cells);
    int[] lp = cellsIn(s, "lrn_predicted", cells);
    if (la.length > columns || lp.length > columns) throw new SnapshotException("the snapshot has more learning cells than columns");
    List<int[]> inf = patterns(s, "inf", b.maxInfBacktrack() + 1);
    List<int[]> lrn = patterns(s, "lrn", b.maxLrnBacktrack() + 1);
    int[] uc = StateArrays.ints(s, "upd_cell", -1);
    StateArrays.indices(uc, 0, cells, "upd_cell");
    int[] us = StateArrays.ints(s, "upd_seg", uc.length);
    StateArrays.indices(us, -1, Math.max(1, count), "upd_seg");
    long[] ut = StateArrays.longs(s, "upd_time", uc.length);
    int[] ul = StateArrays.ints(s, "upd_lengths", uc.length);
    int[][] usrc = StateArrays.unflatten(StateArrays.ints(s, "upd_sources", -1), ul, 0, "upd_sources");
    for (int[] src : usrc) StateArrays.indices(src, 0, cells, "upd_sources");
    return () -> {
      iteration = it;
      lrnIteration = lit;
      pamCounter = pam;
      learnedSeqLength = seqLength;
      resetCalled = reset;
      anomaly = an[0];
      avgInputDensity = density[0];
      segCap = cap;
      segCount = count;
      segCell = Arrays.copyOf(cell, cap);
      segSynCount = new int[cap];
      segLastActive = Arrays.copyOf(lastActive, cap);
      segPositive = Arrays.copyOf(positive, cap);
      segDutyCycle = Arrays.copyOf(duty, cap);
      segDutyIteration = Arrays.copyOf(dutyIt, cap);
      freeSegs = Arrays.copyOf(free, Math.max(16, free.length));
      freeCount = free.length;
      synPre = new int[cap * stride];
      synPerm = new float[cap * stride];
      synRev = new int[cap * stride];
      activity = new int[cap];
      touched = new int[cap + 1];
      Arrays.fill(preSynCount, 0);
      Arrays.fill(preSyns, null);
      for (int seg = 0, at = 0; seg < count; seg++) {
        for (int i = 0; i < synCount[seg]; i++, at++) createSynapse(seg, pre[at], perm[at]);
      }
      System.arraycopy(csc, 0, cellSegCount, 0, cells);
      System.arraycopy(cs, 0, cellSegs, 0, cells);
      infActive.set(ia);
      infPredicted.set(ip);
      infConfident.set(ic);
      lrnActive.set(la);
      lrnPredicted.set(lp);
      infPatterns.clear();
      infPatterns.addAll(inf);
      lrnPatterns.clear();
      lrnPatterns.addAll(lrn);
      clearUpdates();
      for (int i = 0; i < uc.length; i++) {
        queueUpdate(uc[i], us[i], usrc[i]);
        updTime[i] = ut[i];
      }
    };
  }

  private static int[] cellsIn(Snapshot s, String name, int bound) throws SnapshotException {
    int[] v = StateArrays.ints(s, name, -1);
    StateArrays.indices(v, 0, bound, name);
    if (v.length > bound) throw new SnapshotException("the snapshot's `" + name + "` is too long");
    return v;
  }

  private List<int[]> patterns(Snapshot s, String prefix, int most) throws SnapshotException {
    int[] lengths = StateArrays.ints(s, prefix + "_pattern_lengths", -1);
    if (lengths.length > most) throw new SnapshotException("the snapshot keeps " + lengths.length + " " + prefix
        + " inputs where this memory keeps at most " + most + "; it was taken with other settings");
    StateArrays.indices(lengths, 0, columns + 1, prefix + "_pattern_lengths");
    int[][] lists = StateArrays.unflatten(StateArrays.ints(s, prefix + "_patterns", -1), lengths, 0, prefix + "_patterns");
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < lists.length; i++) {
      StateArrays.indices(lists[i], 0, columns, prefix + "_patterns");
      out.add(Arrays.copyOf(lists[i], lengths[i]));
    }
    return out;
  }

  /**
   * Flags on cells, one bit each: the learning steps test and set them at scattered cells, and
   * 8 KiB of bits stay in the first-level cache where 64 KiB of booleans do not.
   */
  private static final class CellBits {
    private final long[] words;

    CellBits(int size) {
      words = new long[(size + 63) >>> 6];
    }

    boolean get(int i) {
      return (words[i >>> 6] & (1L << i)) != 0;
    }

    void set(int i) {
      words[i >>> 6] |= 1L << i;
    }

    void clear(int i) {
      words[i >>> 6] &= ~(1L << i);
    }
  }

  /** A set of cells (or columns) as a list; ascending where the algorithm needs it. */
  private static final class CellSet {
    final int[] v;
    int n;

    CellSet(int capacity) {
      v = new int[capacity];
    }

    void add(int x) {
      v[n++] = x;
    }

    void copyFrom(CellSet o) {
      System.arraycopy(o.v, 0, v, 0, o.n);
      n = o.n;
    }

    void set(int[] x) {
      System.arraycopy(x, 0, v, 0, x.length);
      n = x.length;
    }

    void set(int[] x, int count) {
      System.arraycopy(x, 0, v, 0, count);
      n = count;
    }

    void sort() {
      Arrays.sort(v, 0, n);
    }

    int[] copy() {
      return Arrays.copyOf(v, n);
    }
  }
}
