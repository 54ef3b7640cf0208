package brainc.compiler.passes;

import brainc.ir.model.Expr;
import brainc.ir.model.Let;
import brainc.ir.model.Param;
import brainc.ir.model.Projection;
import brainc.ir.model.RefKind;
import brainc.ir.model.Setting;
import brainc.ir.model.SynapseModel;
import brainc.ir.rewrite.ConstantFolding;
import brainc.ir.rewrite.Rewrite;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The constants of a synapse model on one projection: its parameters (the projection's
 * overrides, else the defaults) and named values. solve-odes and the scheduler close the same
 * expressions with them, so both see the same numbers.
 */
record SynapseConstants(Map<String, Expr> params, Map<String, Expr> lets) {
  static SynapseConstants of(Projection pr, SynapseModel m) {
    Map<String, Expr> params = new LinkedHashMap<>();
    for (Param q : m.params()) q.value().ifPresent(v -> params.put(q.name(), v));
    for (Setting o : pr.synapseOverrides()) {
      if (isParam(m, params, o.name())) params.put(o.name(), o.value());
    }
    for (int round = 0; round <= params.size(); round++) {
      for (var e : params.entrySet()) {
        e.setValue(ConstantFolding.fold(Rewrite.substitute(e.getValue(), RefKind.PARAM, params)));
      }
    }
    Map<String, Expr> lets = new LinkedHashMap<>();
    for (Let l : m.lets()) lets.put(l.name(), l.value());
    return new SynapseConstants(params, lets);
  }

  /** Whether an override of {@code name} sets a parameter (else it sets a variable's initial value). */
  static boolean isParam(SynapseModel m, Map<String, Expr> params, String name) {
    return params.containsKey(name) || m.params().stream().anyMatch(q -> q.name().equals(name));
  }

  /** {@code e} with the named values and parameters substituted, folded. */
  Expr close(Expr e) {
    Expr x = e;
    for (int i = 0; i <= lets.size(); i++) x = Rewrite.substitute(x, RefKind.LET, lets);
    return ConstantFolding.fold(Rewrite.substitute(x, RefKind.PARAM, params));
  }
}
