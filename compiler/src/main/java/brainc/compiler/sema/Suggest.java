package brainc.compiler.sema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * "Did you mean" by edit distance, case-insensitive first. A name is near a candidate when their
 * case-insensitive edit distance is at most a third of the name's length plus one (1 to 3).
 *
 * <p>The work per unknown name is bounded: candidates are indexed once ({@link Index}, cached per
 * scope), most are ruled out by length and by the letters they contain (an edit changes the set
 * of letters by at most two), and the distance of the rest is computed in a band that stops as
 * soon as the limit is exceeded. So 10,000 unknown names cost little more than 10,000 known ones.
 */
public final class Suggest {
  private Suggest() {}

  public static Optional<String> closest(String name, Collection<String> candidates) {
    return Index.of(candidates).closest(name);
  }

  public static List<String> ranked(String name, Collection<String> candidates) {
    return Index.of(candidates).ranked(name);
  }

  /** The hint appended to a message, or "". */
  public static String hint(String name, Collection<String> candidates) {
    return hint(closest(name, candidates));
  }

  static String hint(Optional<String> best) {
    return best.map(c -> "; did you mean `" + c + "`?").orElse("");
  }

  /** The largest distance at which a candidate is suggested for {@code name}. */
  static int limit(String name) {
    return Math.max(1, Math.min(3, name.length() / 3 + 1));
  }

  /** Candidates prepared once for many look-ups. */
  public static final class Index {
    private final String[] names;
    private final String[] lower;
    private final long[] masks;

    /** Where the candidates of each length start: they are sorted by the length of their lower case. */
    private final int[] byLength;

    private Index(Collection<String> candidates) {
      List<String> sorted = new ArrayList<>(candidates);
      sorted.sort(Comparator.comparingInt((String c) -> c.toLowerCase(java.util.Locale.ROOT).length()));
      int n = sorted.size();
      names = new String[n];
      lower = new String[n];
      masks = new long[n];
      int longest = 0;
      for (int i = 0; i < n; i++) {
        names[i] = sorted.get(i);
        lower[i] = names[i].toLowerCase(java.util.Locale.ROOT);
        masks[i] = mask(lower[i]);
        longest = Math.max(longest, lower[i].length());
      }
      byLength = new int[longest + 2];
      int at = 0;
      for (int len = 0; len <= longest + 1; len++) {
        while (at < n && lower[at].length() < len) at++;
        byLength[len] = at;
      }
    }

    /** The first candidate with a lower-case length of at least {@code len}. */
    private int from(int len) {
      if (len <= 0) return 0;
      return len >= byLength.length ? names.length : byLength[len];
    }

    public static Index of(Collection<String> candidates) {
      return new Index(candidates);
    }

    public Optional<String> closest(String name) {
      return Suggest.closest(name, List.of(this));
    }

    public List<String> ranked(String name) {
      List<String> out = new ArrayList<>();
      if (name.isEmpty()) return out;
      String low = name.toLowerCase(java.util.Locale.ROOT);
      long m = mask(low);
      int limit = limit(name);
      for (int i = 0; i < names.length; i++) if (near(name, low, m, limit, i)) out.add(names[i]);
      out.sort(Comparator.comparingInt((String c) -> c.equalsIgnoreCase(name) ? -1 : distance(name, c))
          .thenComparing(c -> c));
      return out;
    }

    private boolean near(String name, String low, long m, int limit, int i) {
      return near(name, low, m, limit, i, new int[2][], new Letters(low));
    }

    private boolean near(String name, String low, long m, int limit, int i, int[][] rows, Letters letters) {
      String c = names[i];
      if (c.isEmpty() || c.equals(name)) return false;
      String cl = lower[i];
      if (Math.abs(cl.length() - low.length()) > limit) return false;
      // Each edit adds or removes at most one letter of the set: half the symmetric difference is a lower bound.
      if ((Long.bitCount(m ^ masks[i]) + 1) / 2 > limit) return false;
      // Each edit changes the letter counts by at most 2 in all: half their difference is a lower bound too.
      if ((letters.difference(cl) + 1) / 2 > limit) return false;
      return cl.equals(low) || bounded(low, cl, limit, rows) <= limit;
    }
  }

  /**
   * The closest name in any of these indexes (e.g. those of a scope and its enclosing scopes).
   * The bound of each distance computation shrinks to the best distance found so far, so a good
   * early match makes the rest cheap.
   */
  public static Optional<String> closest(String name, List<Index> indexes) {
    if (name.isEmpty()) return Optional.empty();
    String low = name.toLowerCase(java.util.Locale.ROOT);
    long m = mask(low);
    int limit = limit(name);
    String best = null;
    int bestRank = Integer.MAX_VALUE;
    int[][] rows = new int[2][];
    Letters letters = new Letters(low);
    for (Index index : indexes) {
      int end = index.from(low.length() + limit + 1);
      for (int i = index.from(low.length() - limit); i < end; i++) {
        String c = index.names[i];
        int cut = Math.min(limit, Math.max(0, bestRank));
        if (!index.near(name, low, m, cut, i, rows, letters)) continue;
        int rank;
        if (c.equalsIgnoreCase(name)) {
          rank = -1;
        } else {
          int bound = bestRank == Integer.MAX_VALUE ? Integer.MAX_VALUE : bestRank;
          rank = bounded(name, c, bound, rows);
          if (bound != Integer.MAX_VALUE && rank > bound) continue;
        }
        if (rank < bestRank || (rank == bestRank && c.compareTo(best) < 0)) {
          best = c;
          bestRank = rank;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The letter counts of a name looked up, and the total difference of counts to a candidate
   * (the L1 distance of the two histograms) in time linear in their lengths.
   */
  private static final class Letters {
    private final String name;
    private final int[] counts = new int[128];
    private final int[] seen = new int[128];
    private int stamp;

    Letters(String name) {
      this.name = name;
      for (int i = 0; i < name.length(); i++) counts[bucket(name.charAt(i))]++;
    }

    int difference(String other) {
      for (int i = 0; i < other.length(); i++) counts[bucket(other.charAt(i))]--;
      stamp++;
      int sum = 0;
      for (int i = 0; i < other.length(); i++) sum += once(bucket(other.charAt(i)));
      for (int i = 0; i < name.length(); i++) sum += once(bucket(name.charAt(i)));
      for (int i = 0; i < other.length(); i++) counts[bucket(other.charAt(i))]++;
      return sum;
    }

    private int once(int b) {
      if (seen[b] == stamp) return 0;
      seen[b] = stamp;
      return Math.abs(counts[b]);
    }

    private static int bucket(char c) {
      return c < 128 ? c : 127;
    }
  }

  /** The set of characters of {@code s}, folded into 64 bits. */
  private static long mask(String s) {
    long m = 0;
    for (int i = 0; i < s.length(); i++) m |= 1L << (s.charAt(i) & 63);
    return m;
  }

  /** How many distances have been computed: the work the filters leave, for tests. */
  static final java.util.concurrent.atomic.LongAdder DISTANCES = new java.util.concurrent.atomic.LongAdder();

  static int distance(String a, String b) {
    return bounded(a, b, Integer.MAX_VALUE);
  }

  static int bounded(String a, String b, int max) {
    return bounded(a, b, max, new int[2][]);
  }

  /**
   * The edit distance of {@code a} and {@code b} if it is at most {@code max}, else some value
   * above {@code max}: only the band of cells within {@code max} of the diagonal is computed, and
   * the computation stops when a whole row exceeds {@code max}. {@code rows} holds two reusable
   * rows (grown as needed), so that a look-up over many candidates allocates once.
   */
  static int bounded(String a, String b, int max, int[][] rows) {
    DISTANCES.increment();
    int n = a.length();
    int m = b.length();
    if (Math.abs(n - m) > max) return max + 1;
    int band = Math.min(max, Math.max(n, m));
    final int inf = Integer.MAX_VALUE / 2;
    if (rows[0] == null || rows[0].length < m + 2) {
      rows[0] = new int[m + 2];
      rows[1] = new int[m + 2];
    }
    int[] prev = rows[0];
    int[] cur = rows[1];
    for (int j = 0; j <= m; j++) prev[j] = j <= band ? j : inf;
    prev[m + 1] = inf;
    for (int i = 1; i <= n; i++) {
      int from = Math.max(1, i - band);
      int to = Math.min(m, i + band);
      // Cells outside the band read as infinite: the one left of the band and the one right of it.
      cur[from - 1] = from == 1 ? (i <= band ? i : inf) : inf;
      if (to + 1 <= m) cur[to + 1] = inf;
      int rowMin = cur[from - 1];
      char ca = a.charAt(i - 1);
      for (int j = from; j <= to; j++) {
        int cost = ca == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        cur[j] = v;
        if (v < rowMin) rowMin = v;
      }
      if (rowMin > max) return max + 1;
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[m] > max ? max + 1 : prev[m];
  }
}
