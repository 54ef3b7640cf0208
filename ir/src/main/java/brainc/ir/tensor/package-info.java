/**
 * The tensor IR: one time step of a layered spiking network over a batch, as tensor
 * operations (dense layers, elementwise maps with spike steps and function calls, state
 * carried between steps, products of two activations, gathers and scatter-adds by constant
 * index tables),
 * and after the {@code differentiate} pass its reverse: the backward step of backpropagation
 * through time.
 *
 * <p>Every activation tensor has shape {@code [batch, size]}; weights are {@code [in, out]}
 * (input-major, so that a spike of input {@code i} selects the contiguous row {@code i});
 * biases are {@code [out]}. Records are immutable and validated; {@link
 * brainc.ir.tensor.TensorVerifier} checks a whole program and {@link brainc.ir.tensor.TensorPrinter}
 * gives its text.
 */
package brainc.ir.tensor;
