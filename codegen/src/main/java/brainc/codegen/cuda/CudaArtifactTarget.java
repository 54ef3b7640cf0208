package brainc.codegen.cuda;

import brainc.codegen.engine.Engine;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.targets.TargetInfo;
import brainc.ir.targets.Targets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.velocity.VelocityContext;

/**
 * The {@code cuda} target: a CUDA C++ program per kernel program ({@code compile --target cuda}
 * writes one folder per `run`). The program's files are {@code model.cu} (kernels and host
 * program, {@link CudaProgram}), {@code brainc_rt.cuh} (the runtime: fdlibm, Philox, Java's
 * semantics, npy writers), {@code brainc_host.h} (the shim that builds the same source with g++),
 * a {@code Makefile} and {@code model.json} (what the program holds, for people and tools).
 */
public final class CudaArtifactTarget implements Engine {
  /** The architectures {@code make} builds for when none are named: Ampere and Hopper, plus PTX. */
  public static final List<String> DEFAULT_ARCHITECTURES = List.of("sm_80", "sm_90");

  private final List<String> architectures;

  public CudaArtifactTarget() {
    this(DEFAULT_ARCHITECTURES);
  }

  /** A target whose Makefile builds for {@code architectures} (each {@code sm_NN}, at least sm_80). */
  public CudaArtifactTarget(List<String> architectures) {
    for (String a : architectures) {
      if (!a.matches("sm_[0-9]{2,3}") || Integer.parseInt(a.substring(3)) < 80) {
        throw new IllegalArgumentException("unsupported CUDA architecture " + a + " (sm_80 or later)");
      }
    }
    if (architectures.isEmpty()) throw new IllegalArgumentException("no CUDA architecture");
    this.architectures = List.copyOf(architectures);
  }

  @Override
  public TargetInfo info() {
    return Targets.CUDA;
  }

  /** The files of {@code program}'s CUDA program, by name, in a fixed order. */
  public Map<String, byte[]> generate(KernelProgram program) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("model.cu", utf8(CudaProgram.render(program)));
    files.put("brainc_rt.cuh", resource("brainc_rt.cuh"));
    files.put("brainc_host.h", resource("brainc_host.h"));
    files.put("Makefile", utf8(makefile(program)));
    files.put("model.json", utf8(modelJson(program)));
    return files;
  }

  private String makefile(KernelProgram program) {
    StringBuilder gencode = new StringBuilder();
    String last = architectures.get(architectures.size() - 1).substring(3);
    for (String a : architectures) {
      String n = a.substring(3);
      gencode.append("-gencode arch=compute_").append(n).append(",code=sm_").append(n).append(' ');
    }
    gencode.append("-gencode arch=compute_").append(last).append(",code=compute_").append(last);
    VelocityContext cx = new VelocityContext();
    cx.put("name", CudaProgram.cText(program.name()));
    cx.put("arch", String.join(",", architectures));
    cx.put("gencode", gencode.toString());
    return CudaTemplates.merge("Makefile.vm", cx);
  }

  /** What the program holds: buffers, probes, connections, ports, seed, dt, steps (model.json). */
  private static String modelJson(KernelProgram program) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("program", program.name());
    m.put("dt", program.dt());
    m.put("steps", program.steps());
    m.put("seed", program.seed());
    List<Object> buffers = new ArrayList<>();
    for (KernelProgram.Buffer b : program.buffers()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("label", b.label());
      x.put("type", b.type().name().toLowerCase(java.util.Locale.ROOT));
      x.put("size", b.extent() instanceof KernelProgram.Extent.Fixed f ? (Object) f.size()
          : "synapses of " + ((KernelProgram.Extent.Synapses) b.extent()).connection());
      buffers.add(x);
    }
    m.put("buffers", buffers);
    List<Object> connections = new ArrayList<>();
    for (KernelProgram.Connection c : program.connections()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("name", c.name());
      x.put("pre", c.preSize());
      x.put("post", c.postSize());
      x.put("rule", c.rule().toString());
      x.put("format", c.format().name().toLowerCase(java.util.Locale.ROOT));
      x.put("stream", c.stream());
      connections.add(x);
    }
    m.put("connections", connections);
    List<Object> probes = new ArrayList<>();
    for (KernelProgram.Probe p : program.probes()) probes.add(p.name());
    m.put("probes", probes);
    List<Object> ports = new ArrayList<>();
    for (KernelProgram.Port p : program.ports()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("role", p.role().name().toLowerCase(java.util.Locale.ROOT));
      x.put("subject", p.subject());
      x.put("direction", p.direction().name().toLowerCase(java.util.Locale.ROOT));
      x.put("size", p.size());
      ports.add(x);
    }
    m.put("ports", ports);
    StringBuilder b = new StringBuilder();
    json(m, b, "");
    return b.append('\n').toString();
  }

  /** Maps, lists, strings and numbers as indented JSON, in insertion order. */
  private static void json(Object v, StringBuilder b, String indent) {
    if (v instanceof Map<?, ?> map) {
      b.append("{");
      String sep = "\n";
      for (Map.Entry<?, ?> e : map.entrySet()) {
        b.append(sep).append(indent).append("  ").append(brainc.runtime.io.Json.quote(e.getKey().toString())).append(": ");
        json(e.getValue(), b, indent + "  ");
        sep = ",\n";
      }
      b.append(map.isEmpty() ? "}" : "\n" + indent + "}");
    } else if (v instanceof List<?> list) {
      b.append("[");
      String sep = "\n";
      for (Object x : list) {
        b.append(sep).append(indent).append("  ");
        json(x, b, indent + "  ");
        sep = ",\n";
      }
      b.append(list.isEmpty() ? "]" : "\n" + indent + "]");
    } else if (v instanceof String s) {
      b.append(brainc.runtime.io.Json.quote(s));
    } else {
      b.append(v);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A file shipped beside the templates, copied into every program. */
  static byte[] resource(String name) {
    try (InputStream in = CudaArtifactTarget.class.getResourceAsStream("/brainc/codegen/cuda/" + name)) {
      if (in == null) throw new IllegalStateException("the cuda target's resource " + name + " is missing from the build");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the cuda target's resource " + name, e);
    }
  }
}
