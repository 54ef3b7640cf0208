package brainc.ir.model;

import java.util.List;
import java.util.Objects;

/** A fuzzy rule base over declared predicates. */
public record RuleBase(
    String name,
    String doc,
    String logic,
    List<Setting> settings,
    List<Predicate> predicates,
    List<Rule> rules,
    List<Fact> facts,
    List<Atom> queries,
    Origin origin) implements Decl {
  public RuleBase {
    Checks.name(name, "name");
    Objects.requireNonNull(doc, "doc");
    Checks.name(logic, "logic");
    settings = List.copyOf(settings);
    predicates = List.copyOf(predicates);
    rules = List.copyOf(rules);
    facts = List.copyOf(facts);
    queries = List.copyOf(queries);
    Objects.requireNonNull(origin, "origin");
  }

  @Override
  public <R> R accept(DeclVisitor<R> v) {
    return v.visit(this);
  }
}
