package brainc.compiler.sema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** "Did you mean" by edit distance, case-insensitive first. */
public final class Suggest {
  private Suggest() {}

  public static Optional<String> closest(String name, Collection<String> candidates) {
    List<String> all = ranked(name, candidates);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  public static List<String> ranked(String name, Collection<String> candidates) {
    List<String> out = new ArrayList<>();
    if (name.isEmpty()) return out;
    int limit = Math.max(1, Math.min(3, name.length() / 3 + 1));
    for (String c : candidates) {
      if (c.equals(name) || c.isEmpty()) continue;
      if (c.equalsIgnoreCase(name) || distance(name.toLowerCase(), c.toLowerCase()) <= limit) out.add(c);
    }
    out.sort(Comparator.comparingInt((String c) -> c.equalsIgnoreCase(name) ? -1 : distance(name, c))
        .thenComparing(c -> c));
    return out;
  }

  /** The hint appended to a message, or "". */
  public static String hint(String name, Collection<String> candidates) {
    return closest(name, candidates).map(c -> "; did you mean `" + c + "`?").orElse("");
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
