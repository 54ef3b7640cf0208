package brainc.codegen.htm;

import brainc.ir.model.BoolConst;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.Setting;
import brainc.ir.model.StrConst;
import java.util.List;

/** Reads the constant settings that lowering filled in (every catalog default is present). */
final class HtmSettings {
  private final String where;
  private final List<Setting> settings;

  HtmSettings(String where, List<Setting> settings) {
    this.where = where;
    this.settings = settings;
  }

  Expr get(String name) {
    for (Setting s : settings) if (s.name().equals(name)) return s.value();
    throw new IllegalStateException(where + " has no setting `" + name + "`");
  }

  boolean isAuto(String name) {
    for (Setting s : settings) {
      if (s.name().equals(name)) return s.value() instanceof StrConst c && c.value().equals("auto");
    }
    return false;
  }

  double real(String name) {
    Expr e = get(name);
    if (e instanceof Const c) return c.value();
    if (e instanceof BoolConst b) return b.value() ? 1 : 0;
    throw new IllegalStateException(where + ": `" + name + "` is not a number: " + e);
  }

  int whole(String name) {
    return (int) Math.round(real(name));
  }

  boolean flag(String name) {
    Expr e = get(name);
    if (e instanceof BoolConst b) return b.value();
    return real(name) != 0;
  }
}
