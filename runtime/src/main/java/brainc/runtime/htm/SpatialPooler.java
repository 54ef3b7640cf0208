package brainc.runtime.htm;

import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;
import brainc.runtime.random.CounterRng;
import java.util.Arrays;

/**
 * The spatial pooler: columns compete for the active bits of the input SDR.
 *
 * <p>Storage. Column {@code c}'s potential synapses are the flat range {@code potStart[c] ..
 * potStart[c+1]} of {@code potInput} (input bit, ascending) and {@code perm}. Beside them each
 * input bit keeps the list of columns it is <em>connected</em> to ({@code perm >= connected}),
 * kept current whenever a permanence crosses the threshold, so the overlap of a record costs one
 * increment per (active input, connected column) and nothing for inactive inputs.
 *
 * <p>Initialisation (NuPIC's): the potential pool of a column is a uniform sample of
 * {@code round(potentialPct * reachable)} of the inputs it can reach (all of them, or those
 * within {@code potentialRadius} of its centre); each potential synapse starts connected with
 * probability 1/2, at {@code connected + (1 - connected) * u}, else at {@code connected * u};
 * permanences below {@code synPermActiveInc / 2} are trimmed to 0.
 *
 * <p>Per record: overlaps over connected synapses; boosted overlaps (when learning and boosting);
 * inhibition; then, when learning, permanence adaptation of the winners, duty cycles, bumping of
 * weak columns, boost factors, and every 50 records the weak-column threshold and (local
 * inhibition) the inhibition radius.
 *
 * <p>Tie rule of the inhibition: a column beats another when its boosted overlap is larger, or
 * equal and its index smaller. Winners are returned in ascending index order.
 */
public final class SpatialPooler {
  static final int STREAM_POOL = 0x5350_0001;
  static final int STREAM_PERM = 0x5350_0002;
  private static final int UPDATE_PERIOD = 50;
  /** The kind of its {@link Snapshot}. */
  public static final String KIND = "htm-spatial-pooler";

  private final SpParams p;
  private final int columns;
  private final int inputs;
  private final int k;
  private final float connected;
  private final float inc;
  private final float dec;
  private final float trim;

  private final int[] potStart;
  private final int[] potInput;
  private final float[] perm;
  private final int[] connectedCount;
  /**
   * Input bit → columns it is connected to (unordered), with counts; beside each entry the
   * synapse it stands for, and for each synapse its entry ({@code connPos}), so that a synapse
   * is unlisted in O(1).
   */
  private final int[][] connCols;
  private final int[][] connSyn;
  private final int[] connColsCount;
  private final int[] connPos;

  private final int[] overlap;
  private final float[] boosted;
  private final float[] boostFactor;
  private final double[] activeDuty;
  private final double[] overlapDuty;
  private double minOverlapDuty;
  /** 1 for the active inputs of the current (then the previous) record, else 0. */
  private final byte[] inputActive;
  private final byte[] incoming;
  private int[] prevActive = new int[0];
  private int prevActiveCount;
  private final HtmKernels kernels;
  private final int[] crossed;
  /** Column * inputs + input → potential synapse or -1; null for pools too large to index densely. */
  private final int words;
  /** Column c's potential pool as a bitmap over the inputs: words {@code c * words ..}. */
  private final long[] potBits;
  /** The inputs marked in {@code inputActive}, as a bitmap. */
  private final long[] activeBits;
  private final int[] activeSyn;
  private final float[] activeOld;
  private int inhibitionRadius;
  private long iteration;

  // Scratch of the k-winners selection: a min-heap of the current best, worst at the top.
  private final int[] heap;

  public SpatialPooler(SpParams params) {
    this(params, new HtmKernels.Reference(params.synPermActiveInc(), params.synPermInactiveDec(),
        params.synPermActiveInc() / 2, params.synPermConnected(), 0));
  }

  /** A pooler whose permanence updates run on {@code kernels} (built for these parameters). */
  public SpatialPooler(SpParams params, HtmKernels kernels) {
    this.p = params;
    this.columns = params.columns();
    this.inputs = params.inputs();
    this.k = params.activeColumns();
    this.connected = params.synPermConnected();
    this.inc = params.synPermActiveInc();
    this.dec = params.synPermInactiveDec();
    this.trim = params.synPermActiveInc() / 2;
    this.potStart = new int[columns + 1];
    int[] pools = new int[Math.max(1, (int) Math.min(Integer.MAX_VALUE - 8, (long) columns * inputs))];
    int total = 0;
    int[] reach = new int[inputs];
    for (int c = 0; c < columns; c++) {
      potStart[c] = total;
      int lo = 0;
      int hi = inputs - 1;
      if (params.potentialRadius() > 0) {
        int centre = (int) (((long) c * 2 + 1) * inputs / (2L * columns));
        lo = Math.max(0, centre - params.potentialRadius());
        hi = Math.min(inputs - 1, centre + params.potentialRadius());
      }
      int n = hi - lo + 1;
      for (int i = 0; i < n; i++) reach[i] = lo + i;
      int take = Math.max(1, (int) Math.round(params.potentialPct() * n));
      // Partial Fisher-Yates: the first `take` entries become a uniform sample.
      for (int i = 0; i < take; i++) {
        int j = i + CounterRng.uniformInt(params.seed(), STREAM_POOL, c, i, n - i);
        int t = reach[i];
        reach[i] = reach[j];
        reach[j] = t;
      }
      Arrays.sort(reach, 0, take);
      System.arraycopy(reach, 0, pools, total, take);
      total += take;
    }
    potStart[columns] = total;
    this.potInput = Arrays.copyOf(pools, total);
    this.perm = new float[total];
    for (int c = 0; c < columns; c++) {
      for (int s = potStart[c]; s < potStart[c + 1]; s++) {
        long idx = s - potStart[c];
        double u = CounterRng.uniformDouble(params.seed(), STREAM_PERM, c, 2 * idx);
        double v = CounterRng.uniformDouble(params.seed(), STREAM_PERM, c, 2 * idx + 1);
        float q = u < 0.5 ? (float) (connected + (1.0 - connected) * v) : (float) (connected * v);
        perm[s] = q < trim ? 0f : q;
      }
    }
    this.overlap = new int[columns];
    this.inputActive = new byte[inputs];
    this.incoming = new byte[inputs];
    this.connectedCount = new int[columns];
    this.connCols = new int[inputs][];
    this.connSyn = new int[inputs][];
    this.connColsCount = new int[inputs];
    this.connPos = new int[total];
    for (int i = 0; i < inputs; i++) {
      connCols[i] = new int[8];
      connSyn[i] = new int[8];
    }
    for (int c = 0; c < columns; c++) {
      for (int s = potStart[c]; s < potStart[c + 1]; s++) {
        if (perm[s] >= connected) connect(c, s);
      }
      raiseToThreshold(c);
    }
    this.boosted = new float[columns];
    this.boostFactor = new float[columns];
    Arrays.fill(boostFactor, 1f);
    this.activeDuty = new double[columns];
    this.overlapDuty = new double[columns];
    this.kernels = kernels;
    int widest = 0;
    for (int c = 0; c < columns; c++) widest = Math.max(widest, potStart[c + 1] - potStart[c]);
    this.crossed = new int[widest];
    this.activeSyn = new int[widest];
    this.activeOld = new float[widest];
    this.words = (inputs + 63) >>> 6;
    this.potBits = new long[Math.multiplyExact(columns, words)];
    for (int c = 0; c < columns; c++) {
      for (int s = potStart[c]; s < potStart[c + 1]; s++) potBits[c * words + (potInput[s] >>> 6)] |= 1L << potInput[s];
    }
    this.activeBits = new long[words];
    this.heap = new int[k];
    this.inhibitionRadius = params.globalInhibition() ? columns : computeInhibitionRadius();
  }

  public SpParams params() {
    return p;
  }

  public int columns() {
    return columns;
  }

  /** Permanences, for inspection by tests (not a copy). */
  float[] permanences() {
    return perm;
  }

  /** A copy of all permanences. */
  public float[] permanenceSnapshot() {
    return perm.clone();
  }

  /**
   * Everything this pooler carries from one record to the next: permanences, overlaps of the
   * inputs still active, boosts, duty cycles, the inhibition radius and the iteration. The
   * connected lists are not kept: they follow from the permanences, and their order changes no
   * result (they only count overlaps), so a restore rebuilds them. Its random numbers are keyed
   * by (seed, column, synapse), so there is no generator state to keep.
   */
  public Snapshot snapshot() {
    byte[] in = inputActive;
    int[] active = new int[in.length];
    for (int i = 0; i < in.length; i++) active[i] = in[i];
    return Snapshot.builder(KIND)
        .counter("iteration", iteration)
        .counter("inhibition_radius", inhibitionRadius)
        .array("perm", perm)
        .array("connected_count", connectedCount)
        .array("overlap", overlap)
        .array("boost_factor", boostFactor)
        .array("active_duty", activeDuty)
        .array("overlap_duty", overlapDuty)
        .array("min_overlap_duty", new double[] {minOverlapDuty})
        .array("input_active", active)
        .array("active_bits", activeBits)
        .array("prev_active", Arrays.copyOf(prevActive, prevActiveCount))
        .build();
  }

  /** Puts back a {@link #snapshot} of a pooler with the same parameters; reads all of it before changing anything. */
  public void restore(Snapshot s) throws SnapshotException {
    restoring(s).run();
  }

  /** Reads and checks all of {@code s}; the action returned puts it in place, and cannot fail. */
  Runnable restoring(Snapshot s) throws SnapshotException {
    s.expect(KIND);
    long it = StateArrays.counter(s, "iteration", 0, Long.MAX_VALUE);
    int radius = (int) StateArrays.counter(s, "inhibition_radius", 0, Integer.MAX_VALUE);
    float[] pm = StateArrays.floats(s, "perm", perm.length);
    int[] cc = StateArrays.ints(s, "connected_count", columns);
    int[] ov = StateArrays.ints(s, "overlap", columns);
    float[] bf = StateArrays.floats(s, "boost_factor", columns);
    double[] ad = StateArrays.doubles(s, "active_duty", columns);
    double[] od = StateArrays.doubles(s, "overlap_duty", columns);
    double[] mod = StateArrays.doubles(s, "min_overlap_duty", 1);
    int[] ia = StateArrays.ints(s, "input_active", inputs);
    long[] ab = StateArrays.longs(s, "active_bits", words);
    int[] prev = StateArrays.ints(s, "prev_active", -1);
    StateArrays.indices(prev, 0, inputs, "prev_active");
    return () -> {
      iteration = it;
      inhibitionRadius = radius;
      System.arraycopy(pm, 0, perm, 0, pm.length);
      System.arraycopy(cc, 0, connectedCount, 0, columns);
      Arrays.fill(connColsCount, 0);
      for (int c = 0; c < columns; c++) {
        for (int q = potStart[c]; q < potStart[c + 1]; q++) if (perm[q] >= connected) list(c, q);
      }
      System.arraycopy(ov, 0, overlap, 0, columns);
      System.arraycopy(bf, 0, boostFactor, 0, columns);
      System.arraycopy(ad, 0, activeDuty, 0, columns);
      System.arraycopy(od, 0, overlapDuty, 0, columns);
      minOverlapDuty = mod[0];
      for (int i = 0; i < inputs; i++) inputActive[i] = (byte) ia[i];
      System.arraycopy(ab, 0, activeBits, 0, words);
      prevActive = prev;
      prevActiveCount = prev.length;
    };
  }

  /**
   * One record: {@code active[0 .. n)} are the active input bits (any order, no duplicates);
   * writes the winning columns, ascending, into {@code winners} and returns their number.
   */
  public int compute(int[] active, int n, boolean learn, int[] winners) {
    iteration++;
    updateOverlaps(active, n);
    int[] ov = overlap;
    boolean boosting = learn && p.boost() > 0;
    for (int c = 0; c < columns; c++) boosted[c] = boosting ? ov[c] * boostFactor[c] : ov[c];
    int w = p.globalInhibition() ? inhibitGlobal(winners) : inhibitLocal(winners);
    if (learn) {
      // Duty cycles read this record's overlaps, which learning below keeps current for the next.
      updateDutyCycles(w, winners);
      for (int x = 0; x < w; x++) adapt(winners[x]);
      bumpUpWeakColumns();
      if (boosting) updateBoostFactors();
      if (iteration % UPDATE_PERIOD == 0) {
        if (!p.globalInhibition()) inhibitionRadius = computeInhibitionRadius();
        updateMinOverlapDuty();
      }
    }
    return w;
  }

  /**
   * Brings {@code overlap} from the previous record's active inputs to these: only the inputs
   * that switched on or off cost anything (consecutive records of a stream share most bits).
   * Connections made or lost while learning adjust the overlap of the inputs active then
   * ({@link #connect}, {@link #disconnect}), so {@code overlap[c]} is always the number of
   * connected synapses of column c from the inputs marked in {@code inputActive}.
   */
  private void updateOverlaps(int[] active, int n) {
    for (int a = 0; a < n; a++) incoming[active[a]] = 1;
    for (int a = 0; a < prevActiveCount; a++) {
      int i = prevActive[a];
      if (incoming[i] == 0) {
        inputActive[i] = 0;
        activeBits[i >>> 6] &= ~(1L << i);
        int[] cols = connCols[i];
        for (int j = 0, m = connColsCount[i]; j < m; j++) overlap[cols[j]]--;
      }
    }
    for (int a = 0; a < n; a++) {
      int i = active[a];
      incoming[i] = 0;
      if (inputActive[i] == 0) {
        inputActive[i] = 1;
        activeBits[i >>> 6] |= 1L << i;
        int[] cols = connCols[i];
        for (int j = 0, m = connColsCount[i]; j < m; j++) overlap[cols[j]]++;
      }
    }
    if (prevActive.length < n) prevActive = new int[n];
    System.arraycopy(active, 0, prevActive, 0, n);
    prevActiveCount = n;
  }

  /** True when column a beats column b: larger boosted overlap, or equal and smaller index. */
  private boolean beats(int a, int b) {
    float x = boosted[a];
    float y = boosted[b];
    return x > y || (x == y && a < b);
  }

  private int inhibitGlobal(int[] winners) {
    int size = 0;
    for (int c = 0; c < columns; c++) {
      if (size < k) {
        heap[size] = c;
        siftUp(size++);
      } else if (beats(c, heap[0])) {
        heap[0] = c;
        siftDown(0, size);
      }
    }
    int w = 0;
    float threshold = p.stimulusThreshold();
    for (int i = 0; i < size; i++) {
      if (boosted[heap[i]] >= threshold) winners[w++] = heap[i];
    }
    Arrays.sort(winners, 0, w);
    return w;
  }

  // The heap's top is the column that every other entry beats.
  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!beats(heap[parent], heap[i])) break;
      int t = heap[parent];
      heap[parent] = heap[i];
      heap[i] = t;
      i = parent;
    }
  }

  private void siftDown(int i, int size) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) return;
      int worst = l;
      int r = l + 1;
      if (r < size && beats(heap[l], heap[r])) worst = r;
      if (!beats(heap[i], heap[worst])) return;
      int t = heap[i];
      heap[i] = heap[worst];
      heap[worst] = t;
      i = worst;
    }
  }

  private int inhibitLocal(int[] winners) {
    int r = inhibitionRadius;
    int w = 0;
    float threshold = p.stimulusThreshold();
    for (int c = 0; c < columns; c++) {
      if (boosted[c] < threshold) continue;
      int lo = Math.max(0, c - r);
      int hi = Math.min(columns - 1, c + r);
      int allowed = Math.max(1, (int) (0.5 + p.sparsity() * (hi - lo + 1)));
      int bigger = 0;
      for (int o = lo; o <= hi && bigger < allowed; o++) {
        if (o != c && beats(o, c)) bigger++;
      }
      if (bigger < allowed) winners[w++] = c;
    }
    return w;
  }

  private int computeInhibitionRadius() {
    // NuPIC: the average span of a column's connected inputs, in columns, halved.
    double span = 0;
    for (int c = 0; c < columns; c++) {
      int first = -1;
      int last = -1;
      for (int s = potStart[c]; s < potStart[c + 1]; s++) {
        if (perm[s] >= connected) {
          if (first < 0) first = potInput[s];
          last = potInput[s];
        }
      }
      span += first < 0 ? 0 : last - first + 1;
    }
    double diameter = span / columns * columns / inputs;
    return Math.max(1, (int) Math.round((diameter - 1) / 2));
  }

  /**
   * Hebbian update of a winning column: {@code min(1, old + inc)} for synapses from active
   * inputs, {@code old - dec} for the others, then trimming. Most of a pool is inactive, so the
   * kernel decrements the whole pool in one streaming pass, and the few synapses from active
   * inputs are then set from their saved old values; the crossings of the connected threshold
   * are corrected for them. Same values as the one-pass definition, synapse by synapse. The
   * synapses from active inputs are the set bits of {@code potBits & activeBits}; a synapse's
   * index is its column's first plus the number of pool bits below its input (pools are
   * ascending), so finding them reads a few words of the column's bitmap instead of one
   * scattered lookup per active input. They come in ascending order rather than the order of the
   * record's active list; each is from a different input, so the order of the connect and
   * disconnect calls below changes no input's list.
   */
  private void adapt(int c) {
    int m = 0;
    int rank = potStart[c];
    for (int w = 0, base = c * words; w < words; w++) {
      long pot = potBits[base + w];
      long hit = pot & activeBits[w];
      while (hit != 0) {
        long low = hit & -hit;
        int s = rank + Long.bitCount(pot & (low - 1));
        activeSyn[m] = s;
        activeOld[m++] = perm[s];
        hit ^= low;
      }
      rank += Long.bitCount(pot);
    }
    int n = kernels.decrementColumn(perm, potStart[c], potStart[c + 1], crossed);
    for (int j = 0; j < m; j++) {
      int s = activeSyn[j];
      float old = activeOld[j];
      float q = old + inc;
      if (q > 1f) q = 1f;
      if (q < trim) q = 0f;
      boolean was = old >= connected;
      boolean listed = was != (perm[s] >= connected);
      boolean crosses = was != (q >= connected);
      perm[s] = q;
      if (crosses && !listed) {
        crossed[n++] = s;
      } else if (listed && !crosses) {
        for (int i = 0; i < n; i++) {
          if (crossed[i] == s) {
            crossed[i] = crossed[--n];
            break;
          }
        }
      }
    }
    for (int i = 0; i < n; i++) {
      int s = crossed[i];
      if (perm[s] >= connected) connect(c, s);
      else disconnect(c, s);
    }
    raiseToThreshold(c);
  }

  /** Clips to [0, 1], trims tiny values to 0 and keeps the connected lists current. */
  private void setPerm(int c, int s, float q) {
    if (q < trim) q = 0f;
    else if (q > 1f) q = 1f;
    float old = perm[s];
    perm[s] = q;
    boolean was = old >= connected;
    boolean is = q >= connected;
    if (was != is) {
      if (is) connect(c, s);
      else disconnect(c, s);
    }
  }

  /** NuPIC's raisePermanenceToThreshold: a column keeps at least stimulusThreshold connections. */
  private void raiseToThreshold(int c) {
    int need = p.stimulusThreshold();
    if (need <= 0) return;
    int from = potStart[c];
    int to = potStart[c + 1];
    float step = connected / 10f;
    for (int guard = 0; connectedCount[c] < need && guard < 1000; guard++) {
      for (int s = from; s < to; s++) setPerm(c, s, perm[s] + step);
    }
  }

  /** Appends synapse s of column c to its input's connected list (connect without the counts). */
  private void list(int c, int s) {
    int input = potInput[s];
    int m = connColsCount[input];
    if (m == connCols[input].length) {
      connCols[input] = Arrays.copyOf(connCols[input], m * 2);
      connSyn[input] = Arrays.copyOf(connSyn[input], m * 2);
    }
    connCols[input][m] = c;
    connSyn[input][m] = s;
    connPos[s] = m;
    connColsCount[input] = m + 1;
  }

  private void connect(int c, int s) {
    int input = potInput[s];
    int m = connColsCount[input];
    if (m == connCols[input].length) {
      connCols[input] = Arrays.copyOf(connCols[input], m * 2);
      connSyn[input] = Arrays.copyOf(connSyn[input], m * 2);
    }
    connCols[input][m] = c;
    connSyn[input][m] = s;
    connPos[s] = m;
    connColsCount[input] = m + 1;
    connectedCount[c]++;
    overlap[c] += inputActive[input];
  }

  private void disconnect(int c, int s) {
    int input = potInput[s];
    int j = connPos[s];
    int last = --connColsCount[input];
    if (j != last) {
      connCols[input][j] = connCols[input][last];
      int moved = connSyn[input][last];
      connSyn[input][j] = moved;
      connPos[moved] = j;
    }
    connectedCount[c]--;
    overlap[c] -= inputActive[input];
  }

  private void updateDutyCycles(int w, int[] winners) {
    // dc = (dc * (period - 1) + x) / period, as one multiply-add per column.
    double period = Math.min(p.dutyCyclePeriod(), iteration);
    double keep = (period - 1) / period;
    double add = 1 / period;
    for (int c = 0; c < columns; c++) {
      overlapDuty[c] = overlapDuty[c] * keep + (overlap[c] > 0 ? add : 0.0);
      activeDuty[c] *= keep;
    }
    for (int x = 0; x < w; x++) activeDuty[winners[x]] += add;
  }

  private void bumpUpWeakColumns() {
    if (!(minOverlapDuty > 0)) return;
    float bump = connected / 10f;
    for (int c = 0; c < columns; c++) {
      if (overlapDuty[c] < minOverlapDuty) {
        for (int s = potStart[c], end = potStart[c + 1]; s < end; s++) setPerm(c, s, perm[s] + bump);
      }
    }
  }

  private void updateMinOverlapDuty() {
    double best = 0;
    for (int c = 0; c < columns; c++) best = Math.max(best, overlapDuty[c]);
    minOverlapDuty = p.minPctOverlapDutyCycle() * best;
  }

  private void updateBoostFactors() {
    double target = (double) k / columns;
    for (int c = 0; c < columns; c++) {
      boostFactor[c] = (float) StrictMath.exp(-(activeDuty[c] - target) * p.boost());
    }
  }
}
