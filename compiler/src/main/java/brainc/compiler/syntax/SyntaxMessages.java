package brainc.compiler.syntax;

import brainc.grammar.BrainLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.Token;

/**
 * Rewrites ANTLR's messages into ones a person can act on: tokens shown as they look in the
 * source, newlines called "end of line", and long expectation sets cut to their most useful
 * members.
 */
final class SyntaxMessages {
  private static final Pattern EXPECTING = Pattern.compile("(.*) expecting (.*)$");
  private static final Pattern MISSING = Pattern.compile("missing (.*) at (.*)$");
  private static final Pattern EXTRANEOUS = Pattern.compile("extraneous input (.*) expecting (.*)$");
  private static final int MAX_EXPECTED = 10;
  /** Keywords that can never be names; the others (clause words) are covered by "a name". */
  private static final java.util.Set<String> RESERVED = java.util.Set.of("package", "use", "neuron", "synapse",
      "network", "region", "workspace", "agent", "rules", "meta", "run", "train", "detect", "param", "state", "var",
      "let", "trace", "on", "spike", "step", "if", "then", "else", "and", "or", "not", "true", "false", "extends",
      "property", "connect", "population", "layer", "monitor", "signal", "input", "output", "deliver", "modulated",
      "refractory");

  private SyntaxMessages() {}

  static String rewrite(String msg, Token offending) {
    String found = describe(offending);
    Matcher m = MISSING.matcher(msg);
    if (m.matches()) {
      return "missing " + expectedList(m.group(1)) + " before " + found;
    }
    m = EXTRANEOUS.matcher(msg);
    if (m.matches()) {
      return "unexpected " + found + "; expected " + expectedList(m.group(2));
    }
    if (msg.startsWith("no viable alternative")) {
      return "cannot make sense of the text ending at " + found;
    }
    m = EXPECTING.matcher(msg);
    if (m.matches()) {
      return "unexpected " + found + "; expected " + expectedList(m.group(2));
    }
    if (msg.startsWith("token recognition error")) {
      return "unexpected character " + found;
    }
    return msg.replace("'<EOF>'", "end of file").replace("<EOF>", "end of file");
  }

  static String describe(Token t) {
    if (t == null) return "this point";
    if (t.getType() == Token.EOF) return "end of file";
    if (t.getType() == BrainLexer.NL) return "end of line";
    return "`" + t.getText() + "`";
  }

  private static String expectedList(String antlrSet) {
    String s = antlrSet.trim();
    if (s.startsWith("{") && s.endsWith("}")) s = s.substring(1, s.length() - 1);
    List<String> items = new ArrayList<>();
    for (String raw : s.split(",\\s*")) {
      String item = raw.trim();
      String shown = switch (item) {
        case "NL" -> "end of line";
        case "<EOF>" -> "end of file";
        case "ID" -> "a name";
        case "NUMBER" -> "a number";
        case "STRING" -> "a string";
        case "PRIME" -> "`'`";
        default -> item.startsWith("'") && item.endsWith("'") && item.length() >= 2
            ? "`" + item.substring(1, item.length() - 1) + "`"
            : item;
      };
      if (!items.contains(shown)) items.add(shown);
    }
    // Soft keywords flood the list whenever a name is possible; a name says it all.
    if (items.contains("a name") && items.size() > MAX_EXPECTED) {
      items.removeIf(i -> i.startsWith("`") && Character.isLetter(i.charAt(1))
          && !RESERVED.contains(i.substring(1, i.length() - 1)));
      items.add(0, "a name");
      items = new ArrayList<>(new java.util.LinkedHashSet<>(items));
    }
    if (items.size() > MAX_EXPECTED) {
      List<String> head = items.subList(0, MAX_EXPECTED);
      return "one of " + String.join(", ", head) + ", ...";
    }
    if (items.size() == 1) return items.get(0);
    return "one of " + String.join(", ", items);
  }
}
