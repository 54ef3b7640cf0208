package brainc.runtime.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import brainc.runtime.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scorer on the real corpus, when it is at hand, and against NAB's published scores, when
 * a NAB checkout is named.
 *
 * <ul>
 *   <li>{@code -Dbrainc.nab.data=DIR} names the corpus (default: {@code shared/data/nab} beside
 *       the repository root); without it these tests are skipped.
 *   <li>{@code -Dbrainc.nab.repo=DIR} names a checkout of NAB with its {@code results/} and
 *       {@code config/thresholds.json}: every published detector is then scored at its
 *       published thresholds and must give the scores of {@code results/final_results.json}.
 * </ul>
 */
class NabReferenceTest {
  private static Path corpusDir() {
    String named = System.getProperty("brainc.nab.data");
    if (named != null) return Path.of(named);
    for (String candidate : new String[] {"../shared/data/nab", "../../shared/data/nab"}) {
      if (Files.isDirectory(Path.of(candidate))) return Path.of(candidate);
    }
    return null;
  }

  @Test
  void onTheRealCorpusTheNullDetectorScoresZeroAndThePerfectOneHundred() throws Exception {
    Path dir = corpusDir();
    assumeTrue(dir != null && Files.isDirectory(dir), "no NAB corpus (set -Dbrainc.nab.data)");
    NabCorpus corpus = NabCorpus.load(dir);
    assertEquals(58, corpus.files().size());
    assertEquals(116, corpus.windowCount());
    assertEquals(365_558, corpus.rowCount());

    NabReport nulls = NabScorer.score(corpus, "null", NabAnomalyScores.constant(corpus, 0.5));
    for (NabProfileScore p : nulls.profiles()) {
      assertEquals(0.0, p.score(), 0.0, p.profile().name());
      assertEquals(-116.0 * p.profile().fnWeight(), p.nullScore(), 0.0, "no window lies wholly in probation");
      assertEquals(NabScorer.NO_DETECTION_THRESHOLD, p.threshold(), 0.0);
    }
    NabAnomalyScores perfect = NabAnomalyScores.of(corpus,
        (f, i) -> f.windows().stream().anyMatch(w -> w.first() == i) ? 1.0 : 0.0);
    for (NabProfileScore p : NabScorer.score(corpus, "perfect", perfect).profiles()) {
      assertEquals(100.0, p.score(), 1e-12, p.profile().name());
      assertEquals(116, p.totals().windowsDetected());
      assertEquals(0, p.totals().fp());
    }
  }

  @Test
  void reproducesNabsPublishedScores() throws Exception {
    String repo = System.getProperty("brainc.nab.repo");
    assumeTrue(repo != null, "no NAB checkout (set -Dbrainc.nab.repo)");
    Path nab = Path.of(repo);
    NabCorpus corpus = NabCorpus.load(nab);
    Map<?, ?> thresholds = (Map<?, ?>) Json.parse(Files.readString(nab.resolve("config/thresholds.json")));
    Map<?, ?> published = (Map<?, ?>) Json.parse(Files.readString(nab.resolve("results/final_results.json")));
    int compared = 0;
    for (Object name : published.keySet()) {
      String detector = (String) name;
      if (!Files.isDirectory(nab.resolve("results").resolve(detector)) || !thresholds.containsKey(detector)) continue;
      NabAnomalyScores scores = NabAnomalyScores.read(corpus, nab.resolve("results"), detector);
      Map<String, Double> fixed = new LinkedHashMap<>();
      Map<?, ?> byProfile = (Map<?, ?>) thresholds.get(detector);
      for (Object profile : byProfile.keySet()) {
        fixed.put((String) profile, (Double) ((Map<?, ?>) byProfile.get(profile)).get("threshold"));
      }
      NabReport atPublished = NabScorer.score(corpus, detector, scores, fixed);
      NabReport optimised = NabScorer.score(corpus, detector, scores);
      for (NabProfileScore p : atPublished.profiles()) {
        String profile = p.profile().name();
        double expected = (Double) ((Map<?, ?>) published.get(detector)).get(profile);
        assertEquals(expected, p.score(), 1e-9, detector + " " + profile);
        assertTrue(optimised.profile(profile).score() >= expected - 1e-9,
            detector + " " + profile + ": the sweep finds no worse a threshold than the published one");
        compared++;
      }
    }
    assertTrue(compared > 0, "no published detector with results in " + nab);
  }
}
