package brainc.codegen.cuda;

import brainc.ir.kernel.KernelProgram;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each thing of a kernel program lives in the generated program's {@code Mem} struct: a
 * field per buffer ({@code b0, b1, ...}), spike set ({@code s0_idx}, {@code s0_count}, {@code
 * s0_flag}), delay queue ({@code q0} and its head {@code q0_head}) and connection ({@code c0_ptr},
 * {@code c0_cols}, {@code c0_rptr}, ...), numbered in declaration order, so that names in the IR
 * (which hold dots, arrows and quotes) never need escaping in C.
 */
final class CudaLayout {
  final KernelProgram program;
  private final Map<String, Integer> buffers = new HashMap<>();
  private final Map<String, Integer> sets = new HashMap<>();
  private final Map<String, Integer> queues = new HashMap<>();
  private final Map<String, Integer> connections = new HashMap<>();

  CudaLayout(KernelProgram program) {
    this.program = program;
    for (int k = 0; k < program.buffers().size(); k++) buffers.put(program.buffers().get(k).name(), k);
    for (int k = 0; k < program.spikeSets().size(); k++) sets.put(program.spikeSets().get(k).name(), k);
    for (int k = 0; k < program.queues().size(); k++) queues.put(program.queues().get(k).name(), k);
    for (int k = 0; k < program.connections().size(); k++) connections.put(program.connections().get(k).name(), k);
  }

  String buffer(String name) {
    return "b" + index(buffers, name, "buffer");
  }

  int bufferIndex(String name) {
    return index(buffers, name, "buffer");
  }

  String set(String name) {
    return "s" + index(sets, name, "spike set");
  }

  int setIndex(String name) {
    return index(sets, name, "spike set");
  }

  KernelProgram.SpikeSet spikeSet(String name) {
    return program.spikeSets().get(setIndex(name));
  }

  String queue(String name) {
    return "q" + index(queues, name, "queue");
  }

  KernelProgram.DelayQueue delayQueue(String name) {
    return program.queues().get(index(queues, name, "queue"));
  }

  String connection(String name) {
    return "c" + index(connections, name, "connection");
  }

  KernelProgram.Connection conn(String name) {
    return program.connections().get(index(connections, name, "connection"));
  }

  KernelProgram.Buffer declaration(String name) {
    return program.buffers().get(bufferIndex(name));
  }

  private static int index(Map<String, Integer> map, String name, String what) {
    Integer k = map.get(name);
    if (k == null) throw new IllegalStateException("not in a verified kernel program: no " + what + " " + name);
    return k;
  }
}
