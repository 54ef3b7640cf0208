package brainc.compiler.cli;

import brainc.compiler.driver.Analysis;
import brainc.ir.model.IrModule;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Calls {@code brainc.compiler.lower.Lowering.lower(Analysis)}. The lowering is written in
 * parallel with the command line; until it is part of the build this class finds it by name
 * so that everything else compiles and runs, and a missing lowering is reported as what it is,
 * an internal error. Replace the body with a direct call once the lowering has landed.
 */
final class LoweringStage {
  private static final String LOWERING = "brainc.compiler.lower.Lowering";

  private LoweringStage() {}

  static IrModule lower(Analysis analysis) {
    Method lower;
    Object receiver = null;
    try {
      lower = Class.forName(LOWERING).getMethod("lower", Analysis.class);
      if (!Modifier.isStatic(lower.getModifiers())) {
        receiver = lower.getDeclaringClass().getDeclaredConstructor().newInstance();
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("lowering to the model IR is not part of this build ("
          + LOWERING + ".lower(Analysis) not found)", e);
    }
    try {
      return (IrModule) lower.invoke(receiver, analysis);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error x) throw x;
      throw new IllegalStateException(String.valueOf(cause), cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + LOWERING + ".lower: " + e.getMessage(), e);
    }
  }
}
