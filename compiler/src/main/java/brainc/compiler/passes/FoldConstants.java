package brainc.compiler.passes;

import brainc.ir.rewrite.ConstantFolding;

/** Folds arithmetic on constants throughout a module ({@link ConstantFolding} on every expression). */
public final class FoldConstants implements ModelPass {
  @Override
  public String name() {
    return "fold-constants";
  }

  @Override
  public brainc.ir.model.IrModule run(brainc.ir.model.IrModule in, PassContext cx) {
    return ModelPass.mapExprs(in, ConstantFolding::fold);
  }
}
