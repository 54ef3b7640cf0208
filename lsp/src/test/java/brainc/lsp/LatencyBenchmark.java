package brainc.lsp;

import brainc.lsp.model.TextDocument;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.eclipse.lsp4j.Position;

/**
 * Latency of completion, hover and diagnostics on a generated 2,000-line model, printed as
 * p50/p95. Not a test: run it with
 * {@code java -cp lsp/target/test-classes:lsp/target/brainc-lsp.jar brainc.lsp.LatencyBenchmark}.
 */
public final class LatencyBenchmark {
  public static void main(String[] args) throws Exception {
    StringBuilder b = new StringBuilder("use brain.neurons.LIF\nuse brain.synapses.STDP\n\n");
    int models = 0;
    while (b.toString().split("\n", -1).length < 1900) {
      b.append("/// Model ").append(models).append(".\nneuron M").append(models).append(" {\n")
          .append("  /// Time constant.\n  param tau = ").append(10 + models % 20).append(" ms\n")
          .append("  param v_th = -50 mV\n  state v = -65 mV\n  input I: mV\n")
          .append("  v' = (-65 mV - v + I) / tau\n  spike when v > v_th {\n    v = -65 mV\n  }\n}\n\n");
      models++;
    }
    b.append("network Big {\n");
    for (int i = 0; i < 40; i++) b.append("  population p").append(i).append(" = M").append(i % models).append("[100] { tau = 15 ms }\n");
    b.append("  population q = LIF[10] {  }\n}\nrun Big for 1 s\n");
    String text = b.toString();
    int lines = text.split("\n", -1).length;
    String uri = Path.of("/tmp/brainc-bench/big.brain").toUri().toString();
    CountDownLatch[] published = {new CountDownLatch(1)};
    try (BrainLanguageService s = new BrainLanguageService()) {
      s.setPublisher(p -> published[0].countDown());
      s.open(uri, 1, text);
      TextDocument doc = s.document(uri).orElseThrow();
      int qAt = text.indexOf("LIF[10] {  }") + "LIF[10] { ".length();
      Position completionAt = doc.position(qAt);
      Position hoverAt = doc.position(text.indexOf("tau = 15 ms"));
      s.diagnostics(uri); // warm-up and first model
      for (int i = 0; i < 30; i++) {
        s.completion(uri, completionAt, BrainLanguageService.NEVER);
        s.hover(uri, hoverAt, BrainLanguageService.NEVER);
      }
      report("completion (cached model)", 200, i -> s.completion(uri, completionAt, BrainLanguageService.NEVER));
      report("hover (cached model)", 200, i -> s.hover(uri, hoverAt, BrainLanguageService.NEVER));
      int[] v = {1};
      // Warm the re-analysis path too, as an editor session does within its first minutes.
      for (int i = 0; i < 30; i++) {
        s.change(uri, ++v[0], text.replace("tau = 15 ms", "tau = " + (20 + i % 5) + " ms"));
        s.completion(uri, completionAt, BrainLanguageService.NEVER);
      }
      report("completion right after an edit", 40, i -> {
        s.change(uri, ++v[0], text.replace("tau = 15 ms", "tau = " + (15 + i % 5) + " ms"));
        s.completion(uri, completionAt, BrainLanguageService.NEVER);
      });
      report("hover right after an edit", 40, i -> {
        s.change(uri, ++v[0], text.replace("tau = 15 ms", "tau = " + (16 + i % 5) + " ms"));
        s.hover(uri, hoverAt, BrainLanguageService.NEVER);
      });
      report("diagnostics after the last keystroke (incl. 150 ms debounce)", 15, i -> {
        published[0] = new CountDownLatch(1);
        s.change(uri, ++v[0], text.replace("tau = 15 ms", "tau = " + (17 + i % 5) + " ms"));
        try {
          published[0].await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      System.out.println("file: " + lines + " lines, " + text.length() + " chars");
    }
  }

  private static void report(String what, int n, IntConsumer body) {
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      body.accept(i);
      ms.add((System.nanoTime() - t0) / 1e6);
    }
    Collections.sort(ms);
    System.out.printf("%-62s p50 %7.2f ms   p95 %7.2f ms   (n=%d)%n", what, ms.get(n / 2), ms.get((int) Math.ceil(n * 0.95) - 1), n);
  }
}
