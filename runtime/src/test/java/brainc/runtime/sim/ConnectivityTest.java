package brainc.runtime.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.runtime.sim.ConnectivitySpec.Kind;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectivityTest {
  private static ConnectivitySpec spec(Kind kind, int pre, int post, double p, int k, boolean autapses) {
    return new ConnectivitySpec(kind, pre, post, p, k, 42, 7, autapses);
  }

  @Test
  void bernoulliCountIsNearPTimesPairs() {
    int n = 300;
    double p = 0.1;
    Csr csr = Connectivity.build(spec(Kind.BERNOULLI, n, n, p, 0, true), false);
    double mean = p * n * n;
    double sd = Math.sqrt(n * n * p * (1 - p));
    assertTrue(Math.abs(csr.synapses() - mean) < 5 * sd, csr.synapses() + " synapses, expected about " + mean);
  }

  @Test
  void bernoulliEdgeProbabilities() {
    assertEquals(0, Connectivity.build(spec(Kind.BERNOULLI, 20, 30, 0, 0, true), false).synapses());
    assertEquals(600, Connectivity.build(spec(Kind.BERNOULLI, 20, 30, 1, 0, true), false).synapses());
    assertEquals(20 * 19, Connectivity.build(spec(Kind.BERNOULLI, 20, 20, 1, 0, false), false).synapses());
  }

  @Test
  void bernoulliTargetsAreRoughlyUniformOverColumns() {
    int n = 200;
    Csr csr = Connectivity.build(spec(Kind.BERNOULLI, n, n, 0.2, 0, true), false);
    int firstHalf = 0;
    for (int c : csr.cols) {
      firstHalf += c < n / 2 ? 1 : 0;
    }
    double share = firstHalf / (double) csr.synapses();
    assertTrue(Math.abs(share - 0.5) < 0.03, "share of the first half " + share);
  }

  @Test
  void fixedFanInIsExactPerColumnAndDistinct() {
    Csr csr = Connectivity.build(spec(Kind.FIXED_FAN_IN, 50, 80, 0, 10, false), true);
    assertEquals(800, csr.synapses());
    for (int j = 0; j < 80; j++) {
      assertEquals(10, csr.revPtr[j + 1] - csr.revPtr[j], "fan-in of " + j);
      Set<Integer> sources = new HashSet<>();
      for (int r = csr.revPtr[j]; r < csr.revPtr[j + 1]; r++) {
        assertTrue(sources.add(csr.revPre[r]), "duplicate source");
        assertNotEquals(j, csr.revPre[r], "autapse");
      }
    }
  }

  @Test
  void fixedFanOutIsExactPerRow() {
    Csr csr = Connectivity.build(spec(Kind.FIXED_FAN_OUT, 60, 60, 0, 59, false), false);
    for (int i = 0; i < 60; i++) {
      assertEquals(59, csr.rowLength(i));
      for (int s = csr.rowPtr[i]; s < csr.rowPtr[i + 1]; s++) {
        assertNotEquals(i, csr.cols[s]);
      }
    }
  }

  @Test
  void noAutapsesWhenDisabled() {
    for (Kind kind : Kind.values()) {
      Csr csr = Connectivity.build(spec(kind, 40, 40, 0.5, 5, false), false);
      for (int i = 0; i < 40; i++) {
        for (int s = csr.rowPtr[i]; s < csr.rowPtr[i + 1]; s++) {
          assertNotEquals(i, csr.cols[s], kind + " row " + i);
        }
      }
    }
    Csr all = Connectivity.build(spec(Kind.ALL_TO_ALL, 40, 40, 0, 0, true), false);
    assertEquals(1600, all.synapses());
    assertEquals(40, Connectivity.build(spec(Kind.ONE_TO_ONE, 40, 40, 0, 0, true), false).synapses());
  }

  @Test
  void proceduralRowsEqualCsrRows() {
    for (Kind kind : new Kind[] {Kind.ALL_TO_ALL, Kind.ONE_TO_ONE, Kind.BERNOULLI, Kind.FIXED_FAN_OUT}) {
      for (boolean autapses : new boolean[] {true, false}) {
        ConnectivitySpec spec = spec(kind, 37, 53, 0.3, 6, autapses);
        Csr csr = Connectivity.build(spec, false);
        Procedural gen = new Procedural(spec);
        int[] row = new int[gen.maxRowLength()];
        // Rows in reverse order: each must be a function of its index alone.
        for (int i = spec.preSize() - 1; i >= 0; i--) {
          int n = gen.row(i, row);
          assertArrayEquals(Arrays.copyOfRange(csr.cols, csr.rowPtr[i], csr.rowPtr[i + 1]),
              Arrays.copyOf(row, n), kind + " row " + i);
        }
      }
    }
  }

  @Test
  void fixedFanInHasNoProceduralForm() {
    assertThrows(IllegalArgumentException.class, () -> new Procedural(spec(Kind.FIXED_FAN_IN, 5, 5, 0, 2, true)));
  }

  @Test
  void reverseIndexListsEverySynapseOnce() {
    Csr csr = Connectivity.build(spec(Kind.BERNOULLI, 70, 45, 0.25, 0, true), true);
    boolean[] seen = new boolean[csr.synapses()];
    for (int j = 0; j < csr.postSize; j++) {
      for (int r = csr.revPtr[j]; r < csr.revPtr[j + 1]; r++) {
        int s = csr.revSyn[r];
        assertEquals(j, csr.cols[s]);
        assertTrue(s >= csr.rowPtr[csr.revPre[r]] && s < csr.rowPtr[csr.revPre[r] + 1]);
        assertTrue(r == csr.revPtr[j] || csr.revPre[r - 1] < csr.revPre[r], "sources increase");
        assertTrue(!seen[s]);
        seen[s] = true;
      }
    }
    for (boolean b : seen) {
      assertTrue(b);
    }
  }

  @Test
  void sameSpecSameSynapsesOtherSeedOthers() {
    ConnectivitySpec a = spec(Kind.BERNOULLI, 50, 50, 0.1, 0, true);
    ConnectivitySpec b = new ConnectivitySpec(Kind.BERNOULLI, 50, 50, 0.1, 0, 43, 7, true);
    assertArrayEquals(Connectivity.build(a, false).cols, Connectivity.build(a, false).cols);
    assertTrue(!Arrays.equals(Connectivity.build(a, false).cols, Connectivity.build(b, false).cols));
  }

  @Test
  void csrRejectsUnsortedRows() {
    assertThrows(IllegalArgumentException.class, () -> new Csr(1, 3, new int[] {0, 2}, new int[] {2, 1}));
    assertThrows(IllegalArgumentException.class, () -> spec(Kind.FIXED_FAN_OUT, 3, 3, 0, 3, false));
  }
}
