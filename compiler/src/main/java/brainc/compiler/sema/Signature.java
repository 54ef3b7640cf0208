package brainc.compiler.sema;

import java.util.List;
import java.util.Optional;

/** A built-in constructor or a family section: named parameters with defaults, and its documentation. */
public record Signature(String name, String doc, List<ParamSpec> params) {
  public Signature {
    params = List.copyOf(params);
  }

  public Optional<ParamSpec> param(String n) {
    return params.stream().filter(p -> p.name().equals(n)).findFirst();
  }

  public List<String> paramNames() {
    return params.stream().map(ParamSpec::name).toList();
  }
}
