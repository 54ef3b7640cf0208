package brainc.compiler.spec;

import brainc.compiler.sema.Catalog;
import brainc.compiler.sema.ParamSpec;
import brainc.compiler.sema.Signature;
import brainc.ir.model.BoolConst;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.Setting;
import brainc.ir.model.StrConst;
import brainc.ir.rewrite.ConstantFolding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the typed specs of a lowered model's constructor calls and sections once, from the
 * Catalog: a value the model gives is read, every other one is the Catalog's default, so the
 * defaults live in the Catalog only and consumers read record fields.
 */
public final class Specs {
  private Specs() {}

  /** The optimizer a setting names ({@code adam(lr = 0.02)}, or the name alone), or the Catalog's default. */
  public static OptimizerSpec optimizer(Optional<Expr> value) {
    Args a = Args.of("optimizer", value.orElse(null), "adam");
    return switch (a.name()) {
      case "sgd" -> new OptimizerSpec.Sgd(a.number("lr"), a.number("momentum"), a.number("weight_decay"));
      case "adam" -> new OptimizerSpec.Adam(a.number("lr"), a.number("beta1"), a.number("beta2"), a.number("eps"),
          a.number("weight_decay"));
      default -> throw new IllegalStateException("optimizer `" + a.name() + "` is in the Catalog but has no spec");
    };
  }

  /** The learning-rate schedule a setting names, or {@code constant()}. */
  public static ScheduleSpec schedule(Optional<Expr> value) {
    Args a = Args.of("schedule", value.orElse(null), "constant");
    return switch (a.name()) {
      case "constant" -> new ScheduleSpec.Constant();
      case "step_decay" -> new ScheduleSpec.StepDecay(a.whole("every"), a.number("factor"));
      case "cosine" -> new ScheduleSpec.Cosine();
      case "phase_reset" -> new ScheduleSpec.PhaseReset(a.number("decay"));
      case "warmup_cosine" -> new ScheduleSpec.WarmupCosine(a.whole("warmup"));
      default -> throw new IllegalStateException("schedule `" + a.name() + "` is in the Catalog but has no spec");
    };
  }

  /** The encoder of an `encode` clause. */
  public static EncoderSpec encoder(Expr value) {
    return encoder(Args.of("encoder", value, "poisson"));
  }

  /** The encoder of a lowered input group (settings by name, the Catalog's defaults for the rest). */
  public static EncoderSpec encoder(brainc.ir.model.Encoder e) {
    return encoder(section("encoder", e.kind(), e.settings()));
  }

  private static EncoderSpec encoder(Args a) {
    return switch (a.name()) {
      case "rate", "poisson" -> new EncoderSpec.Poisson(a.name(), a.number("max"), a.has("steps") ? a.whole("steps") : 0);
      case "bernoulli" -> new EncoderSpec.Bernoulli(a.whole("steps"), a.number("gain"));
      case "latency" -> new EncoderSpec.Latency(a.number("tau"), a.number("threshold"), a.whole("steps"));
      case "direct" -> new EncoderSpec.Direct(a.whole("steps"));
      case "fields" -> new EncoderSpec.Fields(a.whole("count"), a.number("width"), a.number("max"));
      case "rows" -> new EncoderSpec.Rows(a.whole("steps"), a.flag("spikes"));
      default -> throw new IllegalStateException("encoder `" + a.name() + "` is in the Catalog but has no spec");
    };
  }

  /** A section's numeric settings ({@code settings} given, the rest the Catalog's defaults of {@code family/section}). */
  static Args section(String family, String section, List<Setting> settings) {
    Signature sig = Catalog.lookup(family, section).orElseThrow();
    Map<String, Expr> given = new LinkedHashMap<>();
    for (Setting s : settings) given.put(s.name(), s.value());
    return new Args(section, sig, given);
  }

  /** The value of setting {@code name}, if the model (or lowering) gave one. */
  static Optional<Expr> setting(List<Setting> settings, String name) {
    return settings.stream().filter(s -> s.name().equals(name)).map(Setting::value).findFirst();
  }

  /** A call's arguments by parameter name, with the Catalog's signature for the rest. */
  record Args(String name, Signature sig, Map<String, Expr> given) {
    static Args of(String family, Expr value, String dflt) {
      String name = value instanceof Call c ? c.function() : value instanceof StrConst s ? s.value() : dflt;
      Signature sig = Catalog.lookup(family, name).orElseThrow(() -> new IllegalStateException(
          "no " + family + " `" + name + "` in the Catalog"));
      Map<String, Expr> given = new LinkedHashMap<>();
      // Lowering gives a constructor's arguments in catalog order, defaults filled in.
      if (value instanceof Call c) {
        for (int i = 0; i < c.args().size() && i < sig.params().size(); i++) given.put(sig.params().get(i).name(), c.args().get(i));
      }
      return new Args(name, sig, given);
    }

    boolean has(String param) {
      return sig.param(param).isPresent();
    }

    /** The parameter's value: the given constant, else the Catalog's default. */
    double number(String param) {
      ParamSpec p = sig.param(param).orElseThrow(() -> new IllegalStateException(name + " has no parameter " + param));
      Expr e = given.get(param);
      if (e != null) {
        Expr v = ConstantFolding.fold(e);
        if (v instanceof Const k) return k.value();
        if (v instanceof BoolConst b) return b.value() ? 1 : 0;
      }
      Object d = p.defaultValue().orElseThrow(() -> new IllegalStateException(name + "'s " + param + " is required but missing"));
      if (d instanceof Boolean b) return b ? 1 : 0;
      return ((Number) d).doubleValue();
    }

    int whole(String param) {
      return (int) number(param);
    }

    long wholeLong(String param) {
      return (long) number(param);
    }

    boolean flag(String param) {
      return number(param) != 0;
    }
  }
}
