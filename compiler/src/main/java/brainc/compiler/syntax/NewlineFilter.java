package brainc.compiler.syntax;

import brainc.grammar.BrainLexer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;

/**
 * Decides which newlines end a member. The lexer emits every newline as an NL token; this
 * filter keeps only those that can separate two members and drops the rest, so that the
 * grammar can treat NL like ';' and still let expressions and lists span lines.
 *
 * <p>A newline is dropped when it is inside () or [], when the token before it cannot end a
 * member (an operator, a comma, an opening brace, another separator), or when the token after
 * it cannot start one (a closing bracket, a binary operator, `else`). Braces reset the bracket
 * depth, since no brace can occur inside () or [] in this language: a missing `)` then cannot
 * swallow the newlines of the rest of the file.
 */
final class NewlineFilter implements TokenSource {
  private static final Set<String> CONTINUES_AFTER = Set.of(
      "{", ",", "(", "[", "=", "+=", "-=", "*=", "/=", "->", "<->", "=>", "+", "-", "*", "/", "^",
      "..", "and", "or", "not", "<", "<=", ">", ">=", "==", "!=", ":", ".", "then", "else", "when",
      ";");
  private static final Set<String> CONTINUES_BEFORE = Set.of(
      "}", ")", "]", ",", "->", "<->", "=>", "+", "-", "*", "/", "^", "..", "and", "or", "<", "<=",
      ">", ">=", "==", "!=", ".", "then", "else", "=");

  private final TokenSource source;
  private final Deque<Token> pending = new ArrayDeque<>();
  private int depth;
  private Token previous;

  NewlineFilter(TokenSource source) {
    this.source = source;
  }

  @Override
  public Token nextToken() {
    while (true) {
      Token t = pending.isEmpty() ? source.nextToken() : pending.poll();
      if (t.getChannel() != Token.DEFAULT_CHANNEL) {
        return t;
      }
      if (t.getType() != BrainLexer.NL) {
        track(t);
        previous = t;
        return t;
      }
      if (depth > 0 || previous == null || previous.getType() == BrainLexer.NL
          || CONTINUES_AFTER.contains(previous.getText())) {
        continue;
      }
      Token next = nextOnDefaultChannel();
      if (next.getType() == BrainLexer.NL) {
        continue;  // the next newline is considered in the next round
      }
      if (next.getType() == Token.EOF || CONTINUES_BEFORE.contains(next.getText())) {
        continue;
      }
      previous = t;
      return t;
    }
  }

  /** Looks ahead past hidden tokens, keeping everything seen for the following calls. */
  private Token nextOnDefaultChannel() {
    for (Token p : pending) {
      if (p.getChannel() == Token.DEFAULT_CHANNEL) return p;
    }
    while (true) {
      Token t = source.nextToken();
      pending.add(t);
      if (t.getChannel() == Token.DEFAULT_CHANNEL) return t;
    }
  }

  private void track(Token t) {
    switch (t.getText()) {
      case "(", "[" -> depth++;
      case ")", "]" -> depth = Math.max(0, depth - 1);
      case "{", "}" -> depth = 0;
      default -> { }
    }
  }

  @Override
  public int getLine() {
    return source.getLine();
  }

  @Override
  public int getCharPositionInLine() {
    return source.getCharPositionInLine();
  }

  @Override
  public CharStream getInputStream() {
    return source.getInputStream();
  }

  @Override
  public String getSourceName() {
    return source.getSourceName();
  }

  @Override
  public void setTokenFactory(TokenFactory<?> factory) {
    source.setTokenFactory(factory);
  }

  @Override
  public TokenFactory<?> getTokenFactory() {
    return source.getTokenFactory();
  }
}
