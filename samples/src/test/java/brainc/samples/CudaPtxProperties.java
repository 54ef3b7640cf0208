package brainc.samples;

import brainc.samples.cuda.CudaHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * nvcc accepts the device code of random networks (those of {@link BackendDifferentialProperties}:
 * every neuron kind, rule, drive, delay and plasticity rule), with warnings as errors: PTX only
 * ({@code --ptx -arch=compute_90}), so no GPU is needed, several networks per translation unit so
 * that nvcc starts once per batch. A rejection is a brainc bug that the samples did not show.
 */
class CudaPtxProperties {
  @Provide
  Arbitrary<List<BackendDifferentialProperties.Net>> batches() {
    return new BackendDifferentialProperties().nets().list().ofSize(8);
  }

  @Property(tries = 2)
  void nvccCompilesRandomNetworksToPtx(@ForAll("batches") List<BackendDifferentialProperties.Net> nets) throws Exception {
    String why = CudaHost.nvccUnavailable();
    if (why != null) {
      System.out.println("CudaPtxProperties skipped: " + why);
      return;
    }
    List<String> sources = new ArrayList<>();
    for (BackendDifferentialProperties.Net net : nets) sources.add(CudaHost.source(CudaDifferentialProperties.compile(net.source())));
    Path dir = Files.createTempDirectory("brainc-cuda-ptx");
    try {
      CudaHost.writeHeaders(dir);
      Files.writeString(dir.resolve("bundle.cu"), CudaHost.bundle(sources));
      CudaHost.run(dir, List.of("nvcc", "-std=c++17", "-fmad=false", "--prec-div=true", "--prec-sqrt=true", "--ptx",
          "-arch=compute_90", "-Werror", "all-warnings", "-o", "bundle.ptx", "bundle.cu"), 600);
      if (!Files.isRegularFile(dir.resolve("bundle.ptx"))) throw new AssertionError("nvcc wrote no PTX in " + dir);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
