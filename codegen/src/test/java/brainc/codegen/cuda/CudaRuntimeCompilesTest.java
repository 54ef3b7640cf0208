package brainc.codegen.cuda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nvcc compiles brainc_rt.cuh, with the flags the {@code cuda} target uses and warnings as
 * errors, from a kernel that calls every device function and a host {@code main} that calls the
 * writers and BRAINC_CHECK (device_calls.cu). PTX for compute_90 (kept with {@code --keep} and
 * inspected) and a host object, so no GPU is needed; the numbers themselves are checked on the host build by {@link
 * CudaRuntimeParityTest}, which compiles the same source.
 */
class CudaRuntimeCompilesTest {
  @TempDir static Path dir;

  @BeforeAll
  static void needsNvcc() {
    NativeBuild.requireTool("nvcc", "CudaRuntimeCompilesTest");
  }

  @Test
  void everyDeviceFunctionCompilesWithoutWarningsOrContraction() throws IOException {
    NativeBuild.copyResource(NativeBuild.HEADER, dir);
    NativeBuild.copyResource("device_calls.cu", dir);
    NativeBuild.runOk(
        List.of("nvcc", "-fmad=false", "--prec-div=true", "--prec-sqrt=true", "-arch=compute_90", "-Werror",
            "all-warnings", "-I", ".", "-c", "device_calls.cu", "-o", "device_calls.o", "--keep"),
        dir, 300);
    // the parity driver, built as CUDA, runs the same records on a GPU (see rt_parity.cpp)
    NativeBuild.copyResource("rt_parity.cpp", dir);
    NativeBuild.runOk(
        List.of("nvcc", "-x", "cu", "-fmad=false", "--prec-div=true", "--prec-sqrt=true", "--ptx", "-arch=compute_90",
            "-Werror", "all-warnings", "-I", ".", "rt_parity.cpp", "-o", "rt_parity.ptx"),
        dir, 300);
    String ptx = Files.readString(dir.resolve("device_calls.ptx"));
    assertTrue(ptx.contains(".entry _Z19brainc_device_calls"), "the kernel is in the PTX");
    // -fmad=false: no double-precision fused multiply-add anywhere (fdlibm assumes separate
    // roundings). CUDA's exact fmodf uses float FMAs internally, so only f64 is checked.
    assertFalse(ptx.contains("fma.rn.f64"), "a double fma in the PTX");
    assertFalse(ptx.contains("mad.rn.f64"), "a double mad in the PTX");
    assertFalse(Files.readString(dir.resolve("rt_parity.ptx")).contains("fma.rn.f64"), "a double fma in rt_parity");
  }
}
