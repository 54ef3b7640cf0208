/**
 * Executors of the tensor IR ({@link brainc.ir.tensor}): {@link
 * brainc.codegen.tensor.TensorInterpreter}, the per-element oracle that defines the semantics,
 * and {@link brainc.codegen.tensor.JvmTensorExecutor}, which compiles each operation to bytecode;
 * both run a program's forward and backward steps over a batch and agree bit for bit on the
 * forward pass. The trainers that drive them live in {@code brainc.codegen.train}.
 */
package brainc.codegen.tensor;
