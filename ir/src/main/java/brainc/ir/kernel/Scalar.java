package brainc.ir.kernel;

/**
 * The element types of kernel IR values and buffers. Arithmetic happens in the type of its
 * operands (float32 adds as float32, as on GPUs and chips), so every backend gives the same bits.
 */
public enum Scalar {
  F32, F64, I32, I64, BOOL;

  public boolean isFloat() {
    return this == F32 || this == F64;
  }

  public boolean isInt() {
    return this == I32 || this == I64;
  }
}
