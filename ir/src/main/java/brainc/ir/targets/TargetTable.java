package brainc.ir.targets;

import java.util.List;

/**
 * {@link Targets#ALL} as a table of engine or target × capability: what `brainc targets` prints
 * and what {@code docs/targets.md} holds (a test keeps that file equal to {@link #markdown()}).
 */
public final class TargetTable {
  private TargetTable() {}

  /** One line per engine or target, a column per capability (`x` where it has it), then the key. */
  public static String text() {
    List<Capability> caps = List.of(Capability.values());
    int nameWidth = "target".length();
    for (TargetInfo t : Targets.ALL) nameWidth = Math.max(nameWidth, t.name().length());
    int kindWidth = "reads".length();
    for (TargetInfo t : Targets.ALL) kindWidth = Math.max(kindWidth, t.reads().title().length());
    StringBuilder b = new StringBuilder();
    b.append(pad("target", nameWidth)).append("  ").append(pad("reads", kindWidth));
    for (int i = 0; i < caps.size(); i++) b.append(' ').append(pad(column(i), 2));
    b.setLength(b.length() - trailingSpaces(b));
    b.append('\n');
    for (TargetInfo t : Targets.ALL) {
      b.append(pad(t.name(), nameWidth)).append("  ").append(pad(t.reads().title(), kindWidth));
      for (Capability c : caps) b.append(' ').append(pad(t.can(c) ? "x" : ".", 2));
      b.setLength(b.length() - trailingSpaces(b));
      b.append('\n');
    }
    b.append('\n');
    for (int i = 0; i < caps.size(); i++) {
      b.append(pad(column(i), 3)).append(caps.get(i).id()).append(": ").append(caps.get(i).summary()).append('\n');
    }
    b.append('\n');
    for (TargetInfo t : Targets.ALL) {
      b.append(t.label()).append(", ").append(t.role().word()).append(": ").append(t.summary()).append('\n');
    }
    return b.toString();
  }

  /** The same table in Markdown, with a section per program kind. */
  public static String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("| target | reads | role |");
    for (Capability c : Capability.values()) b.append(" `").append(c.id()).append("` |");
    b.append("\n|---|---|---|");
    for (int i = 0; i < Capability.values().length; i++) b.append(":-:|");
    b.append('\n');
    for (TargetInfo t : Targets.ALL) {
      b.append("| `").append(t.name()).append("` | ").append(t.reads().title()).append(" | ").append(t.role().word()).append(" |");
      for (Capability c : Capability.values()) b.append(t.can(c) ? " ✓ |" : "  |");
      b.append('\n');
    }
    b.append("\n## Capabilities\n\n");
    for (Capability c : Capability.values()) b.append("- `").append(c.id()).append("`: ").append(c.summary()).append('\n');
    b.append("\n## Program kinds\n\n");
    for (ProgramKind k : ProgramKind.values()) {
      b.append("### ").append(k.title()).append("\n\n").append(capitalized(k.summary())).append(".\n\n");
      for (TargetInfo t : Targets.ALL) {
        if (t.reads() == k) b.append("- `").append(t.name()).append("` (").append(t.role().word()).append("): ").append(t.summary()).append('\n');
      }
      b.append('\n');
    }
    return b.toString().stripTrailing() + "\n";
  }

  /** The column heading of the i-th capability: a, b, c, ... */
  private static String column(int i) {
    return String.valueOf((char) ('a' + i));
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static int trailingSpaces(StringBuilder b) {
    int n = 0;
    while (n < b.length() && b.charAt(b.length() - 1 - n) == ' ') n++;
    return n;
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
