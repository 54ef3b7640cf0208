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

    private Index(Collection<String> candidates) {
      int n = candidates.size();
      names = new String[n];
      lower = new String[n];
      masks = new long[n];
      int i = 0;
      for (String c : candidates) {
        names[i] = c;
        lower[i] = c.toLowerCase(java.util.Locale.ROOT);
        masks[i] = mask(lower[i]);
        i++;
      }
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
      String c = names[i];
      if (c.isEmpty() || c.equals(name)) return false;
      String cl = lower[i];
      if (Math.abs(cl.length() - low.length()) > limit) return false;
      // Each edit adds or removes at most one letter of the set: half the symmetric difference is a lower bound.
      if ((Long.bitCount(m ^ masks[i]) + 1) / 2 > limit) return false;
      return cl.equals(low) || bounded(low, cl, limit) <= limit;
    }
  }

  /** The closest name in any of these indexes (e.g. those of a scope and its enclosing scopes). */
  public static Optional<String> closest(String name, List<Index> indexes) {
    if (name.isEmpty()) return Optional.empty();
    String low = name.toLowerCase(java.util.Locale.ROOT);
    long m = mask(low);
    int limit = limit(name);
    String best = null;
    int bestRank = Integer.MAX_VALUE;
    for (Index index : indexes) {
      for (int i = 0; i < index.names.length; i++) {
        if (!index.near(name, low, m, limit, i)) continue;
        String c = index.names[i];
        int rank = c.equalsIgnoreCase(name) ? -1 : bounded(name, c, Integer.MAX_VALUE);
        if (rank < bestRank || (rank == bestRank && c.compareTo(best) < 0)) {
          best = c;
          bestRank = rank;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** The set of characters of {@code s}, folded into 64 bits. */
  private static long mask(String s) {
    long m = 0;
    for (int i = 0; i < s.length(); i++) m |= 1L << (s.charAt(i) & 63);
    return m;
  }

  static int distance(String a, String b) {
    return bounded(a, b, Integer.MAX_VALUE);
  }

  /**
   * The edit distance of {@code a} and {@code b} if it is at most {@code max}, else some value
   * above {@code max}: only the band of cells within {@code max} of the diagonal is computed, and
   * the computation stops when a whole row exceeds {@code max}.
   */
  static int bounded(String a, String b, int max) {
    int n = a.length();
    int m = b.length();
    if (Math.abs(n - m) > max) return max + 1;
    int band = max >= Math.max(n, m) ? Math.max(n, m) : max;
    final int inf = Integer.MAX_VALUE / 2;
    int[] prev = new int[m + 1];
    int[] cur = new int[m + 1];
    for (int j = 0; j <= m; j++) prev[j] = j <= band ? j : inf;
    for (int i = 1; i <= n; i++) {
      int from = Math.max(1, i - band);
      int to = Math.min(m, i + band);
      java.util.Arrays.fill(cur, inf);
      cur[0] = i <= band ? i : inf;
      int rowMin = cur[0];
      for (int j = from; j <= to; j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
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
