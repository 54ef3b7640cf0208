package brainc.ir.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verifier's rules for products of two activations and for gathers and scatter-adds by
 * index tables: each malformed program kind is rejected with its stated message (and only
 * that), a well-formed one passes, and tables print and parse back.
 */
class ProductTableVerifierTest {
  /** The problems of a one-step program with these declarations (states are there from the start) and forward ops. */
  private static List<String> problems(String decls, String ops) {
    String text = "tensor-program N steps 1 {\n" + decls + "  forward {\n" + ops + "  }\n}\n";
    TensorProgram p = TensorParser.parse(text);
    assertEquals(text, TensorPrinter.print(p), "the text round-trips");
    return TensorVerifier.verify(p);
  }

  private static final String MATRICES = """
        tensor q : state [batch, t 2, d 3]
        tensor k : state [batch, s 4, d 3]
        tensor pre : state [batch, m 2, one 1]
        tensor post : state [batch, one 1, n 5]
        tensor w : weight [3, 2]
      """;

  @Test
  void wellFormedProductsAndPicksPass() {
    String decls = MATRICES + """
          tensor scores : value [batch, t 2, s 4]
          tensor hebb : value [batch, m 2, n 5]
          tensor back : value [batch, d 3, s 4]
          tensor qq : value [batch, t 2, d 1]
          tensor g : value [batch, pair 2, arg 2, d 3]
          tensor sc : value [batch, t 2, d 3]
          table T : [pair 2, arg 2] = 0, 1, 1, 0
        """;
    String ops = """
            scores = matmul(q, k) transpose-b
            hebb = matmul(pre, post)
            back = matmul(q, scores) transpose-a
            qq = dot(q, q, d)
            g = gather(q, t, T)
            sc = scatter_add(g, t, T)
        """;
    // scatter_add reads [batch, pair 2, arg 2, d 3] and sums it into [batch, t 2, d 3]
    assertEquals(List.of(), problems(decls, ops));
  }

  @Test
  void aProductReadsBatchesOfMatrices() {
    assertEquals(List.of("forward: y = matmul(v, k): v [batch, d 3] is not a batch of matrices: a product reads the batch,"
            + " then at most one axis more, then the two axes of a matrix"),
        problems(MATRICES + "  tensor v : state [batch, d 3]\n  tensor y : value [batch, t 2, s 4]\n", "    y = matmul(v, k)\n"));
  }

  @Test
  void aProductKeepsTheAxesBeforeTheMatrices() {
    assertEquals(List.of("forward: y = matmul(a, b): a [batch, h 2, i 2, j 3] and b [batch, h 3, j 3, o 2] differ before their"
            + " last two axes, which a product keeps"),
        problems("  tensor a : state [batch, h 2, i 2, j 3]\n  tensor b : state [batch, h 3, j 3, o 2]\n"
            + "  tensor y : value [batch, h 2, i 2, o 2]\n", "    y = matmul(a, b)\n"));
  }

  @Test
  void aProductContractsAnAxisOfOneNameAndExtent() {
    assertEquals(List.of("forward: y = matmul(q, k): contracts q's axis d 3 with k's axis s 4: a product contracts an axis of"
            + " one name and extent"),
        problems(MATRICES + "  tensor y : value [batch, t 2, d 3]\n", "    y = matmul(q, k)\n"));
  }

  @Test
  void aProductsAxesHaveTwoNames() {
    assertEquals(List.of("forward: y = matmul(q, q) transpose-b: the product's last two axes would both be t: rename one"
            + " operand's axis with a reshape"),
        problems(MATRICES + "  tensor y : value [batch, t 2, s 2]\n", "    y = matmul(q, q) transpose-b\n"));
  }

  @Test
  void aProductsOutputHasItsShape() {
    assertEquals(List.of("forward: y = matmul(pre, post): y has shape [batch, n 5, m 2], but the product gives"
            + " [batch, m 2, n 5]"),
        problems(MATRICES + "  tensor y : value [batch, n 5, m 2]\n", "    y = matmul(pre, post)\n"));
  }

  private static final String PARAMS = MATRICES + """
        tensor wd : weight [d 3, s 4]
        tensor td : weight [t 2, d 3]
        tensor e : weight [v 5, d 3]
        tensor h : state [batch, x 2, t 2, d 3]
      """;

  @Test
  void productsAndGathersReadParametersAsTheSameForEverySample() {
    String decls = PARAMS + """
          tensor y : value [batch, t 2, s 4]
          tensor z : value [batch, s 4, t 2]
          tensor dd : value [batch, t 2, d 1]
          tensor g : value [batch, pair 2, arg 2, d 3]
          table T : [pair 2, arg 2] = 4, 0, 0, 2
        """;
    assertEquals(List.of(), problems(decls, "    y = matmul(q, wd)\n    z = matmul(wd, q) transpose-a transpose-b\n"
        + "    dd = dot(td, q, d)\n    g = gather(e, v, T)\n"));
  }

  @Test
  void aProductReadsAtMostOneParameter() {
    assertEquals(List.of("forward: y = dot(td, td, d): td and td are both parameters: a product reads an activation, and at"
            + " most one parameter"),
        problems(PARAMS + "  tensor y : value [batch, t 2, d 1]\n", "    y = dot(td, td, d)\n"));
  }

  @Test
  void aProductWithAParameterReadsSingleMatrices() {
    assertEquals(List.of("forward: y = matmul(h, wd): wd [d 3, s 4] is a parameter, so the product reads it as one matrix"
            + " [rows, cols] for every sample, and h as a batch of single matrices [batch, rows, cols]"),
        problems(PARAMS + "  tensor y : value [batch, x 2, t 2, s 4]\n", "    y = matmul(h, wd)\n"));
  }

  @Test
  void aDotWithAParameterMatchesItsShape() {
    assertEquals(List.of("forward: y = dot(q, wd, d): q [batch, t 2, d 3] and wd [d 3, s 4] differ: a dot product multiplies"
            + " tensors of one shape (a parameter's with the batch axis first removed)"),
        problems(PARAMS + "  tensor y : value [batch, t 2, d 1]\n", "    y = dot(q, wd, d)\n"));
  }

  @Test
  void aGatherFromAParameterGivesEverySampleTheSameRows() {
    assertEquals(List.of("forward: y = gather(e, v, T): y has shape [j 2, d 3], but gather along v by T gives [batch, j 2,"
            + " d 3]: e is a parameter, which has no batch axis, so the gather gives every sample the same rows: the batch,"
            + " then e's shape with the axis replaced by the table's axes"),
        problems(PARAMS + "  tensor y : value [j 2, d 3]\n  table T : [j 2] = 1, 4\n", "    y = gather(e, v, T)\n"));
  }

  @Test
  void aScatterAddIntoAParametersGradientSumsTheBatch() {
    String decls = PARAMS + "  tensor d.e : param_grad [v 5, d 3]\n  tensor g : state [batch, j 2, d 3]\n"
        + "  tensor f : state [batch, k 2, d 3]\n  table T : [j 2] = 1, 4\n";
    // It accumulates: two consumers of a parameter each add their share.
    assertEquals(List.of(), problems(decls, "    d.e = scatter_add(g, v, T)\n    d.e = scatter_add(g, v, T)\n"));
    assertEquals(List.of("forward: d.e = scatter_add(f, v, T): f has shape [batch, k 2, d 3], but scatter_add along v by T"
            + " reads [batch, j 2, d 3]: a scatter-add into a parameter's gradient sums the batch, so it reads the batch, then"
            + " the gradient's shape with v replaced by the table's axes"),
        problems(decls, "    d.e = scatter_add(f, v, T)\n"));
  }

  @Test
  void aScatterAddReadsNoParameter() {
    assertEquals(List.of("forward: y = scatter_add(e, u, T): e is a parameter, but scatter_add reads activations (gather"
            + " reads parameters)"),
        problems(PARAMS + "  tensor y : value [u 2, d 3]\n  table T : [v 5] = 0, 1, 1, 0, 0\n",
            "    y = scatter_add(e, u, T)\n"));
  }

  @Test
  void aDotProductMultipliesTensorsOfOneShape() {
    assertEquals(List.of("forward: y = dot(q, k, d): q [batch, t 2, d 3] and k [batch, s 4, d 3] differ: a dot product"
            + " multiplies tensors of one shape"),
        problems(MATRICES + "  tensor y : value [batch, t 2, d 1]\n", "    y = dot(q, k, d)\n"));
  }

  @Test
  void aDotProductRunsAlongAnAxisOtherThanTheBatch() {
    assertEquals(List.of("forward: y = dot(q, q, batch): works along the batch axis, but samples are independent"),
        problems(MATRICES + "  tensor y : value [batch, t 2, d 3]\n", "    y = dot(q, q, batch)\n"));
    assertEquals(List.of("forward: y = dot(q, q, s): q [batch, t 2, d 3] has no axis s"),
        problems(MATRICES + "  tensor y : value [batch, t 2, d 3]\n", "    y = dot(q, q, s)\n"));
  }

  @Test
  void aDotProductsOutputHasTheReducedShape() {
    assertEquals(List.of("forward: y = dot(q, q, d): y has shape [batch, t 2, d 3], but dot along d gives [batch, t 2, d 1]"),
        problems(MATRICES + "  tensor y : value [batch, t 2, d 3]\n", "    y = dot(q, q, d)\n"));
  }

  @Test
  void aGatherNamesADeclaredTable() {
    assertEquals(List.of("forward: y = gather(q, t, U): no table U"),
        problems(MATRICES + "  tensor y : value [batch, t 2, d 3]\n", "    y = gather(q, t, U)\n"));
  }

  @Test
  void aTablesIndicesLieInTheAxis() {
    String decls = MATRICES + "  tensor y : value [batch, j 3, d 3]\n  table T : [j 3] = 0, 2, 1\n";
    assertEquals(List.of("forward: y = gather(q, t, T): table T holds index 2 at position 1, outside axis t of q, which has 2"),
        problems(decls, "    y = gather(q, t, T)\n"));
    decls = MATRICES + "  tensor y : value [batch, j 3, d 3]\n  table T : [j 3] = 0, 1, -1\n";
    assertEquals(List.of("forward: y = gather(q, t, T): table T holds index -1 at position 2, outside axis t of q, which has 2"),
        problems(decls, "    y = gather(q, t, T)\n"));
    decls = MATRICES + "  tensor y : value [batch, t 2, d 3]\n  table T : [d 3] = 0, 3, 1\n";
    assertEquals(List.of("forward: y = scatter_add(q, s, T): table T holds index 3 at position 1, outside axis s of y, which"
            + " has 3"),
        problems(decls.replace("y : value [batch, t 2, d 3]", "y : value [batch, t 2, s 3]"), "    y = scatter_add(q, s, T)\n"));
  }

  @Test
  void aGathersOutputReplacesTheAxisByTheTables() {
    String decls = MATRICES + "  tensor y : value [batch, t 2, d 3]\n  table T : [j 3] = 0, 1, 1\n";
    assertEquals(List.of("forward: y = gather(q, t, T): y has shape [batch, t 2, d 3], but gather along t by T gives"
            + " [batch, j 3, d 3]"),
        problems(decls, "    y = gather(q, t, T)\n"));
  }

  @Test
  void aPickThatGivesNoShapeIsRejected() {
    String decls = MATRICES + "  tensor y : value [batch, t 2, d 3]\n  table T : [d 2] = 0, 1\n";
    assertEquals(List.of("forward: y = gather(q, t, T): replacing t of [batch, t 2, d 3] by table T [d 2] gives no shape:"
            + " axis d appears twice"),
        problems(decls, "    y = gather(q, t, T)\n"));
    decls = MATRICES + "  tensor y : value [batch, t 2, d 3]\n  table T : [a 1, b 1, c 1] = 0\n";
    assertEquals(List.of("forward: y = gather(q, t, T): replacing t of [batch, t 2, d 3] by table T [a 1, b 1, c 1] gives no"
            + " shape: a tensor has at most 4 axes, got 5"),
        problems(decls, "    y = gather(q, t, T)\n"));
  }

  @Test
  void aScatterAddReadsTheShapeItsTablePicks() {
    String decls = MATRICES + "  tensor y : value [batch, u 4, d 3]\n  table T : [t 2] = 3, 3\n";
    assertEquals(List.of(), problems(decls, "    y = scatter_add(q, u, T)\n"));
    decls = MATRICES + "  tensor y : value [batch, u 4, d 3]\n  table T : [j 2] = 3, 3\n";
    assertEquals(List.of("forward: y = scatter_add(q, u, T): q has shape [batch, t 2, d 3], but scatter_add along u by T reads"
            + " [batch, j 2, d 3]"),
        problems(decls, "    y = scatter_add(q, u, T)\n"));
  }

  @Test
  void aTableHasAxesNoBatchAndOneName() {
    assertEquals(List.of("table T [] has no axes: a table has one axis or more"), problems("  table T : [] = 0\n", ""));
    assertEquals(List.of("table T [batch, j 2] has a batch axis: a table is the same for every sample"),
        problems("  table T : [batch, j 2] = 0, 1\n", ""));
    assertEquals(List.of("table T is declared twice"), problems("  table T : [j 1] = 0\n  table T : [j 1] = 0\n", ""));
  }

  @Test
  void malformedTablesNameTheirLine() {
    TensorParser.ParseError e = assertThrows(TensorParser.ParseError.class,
        () -> TensorParser.parse("tensor-program N steps 1 {\n  table T : [j 3] = 0, 1\n}\n"));
    assertEquals(2, e.line);
    assertTrue(e.getMessage().contains("table T [j 3] holds 3 indices, not 2"), e.getMessage());
    e = assertThrows(TensorParser.ParseError.class,
        () -> TensorParser.parse("tensor-program N steps 1 {\n  table T : [j 2] = 0, 1.5\n}\n"));
    assertEquals(2, e.line);
    assertTrue(e.getMessage().contains("unexpected `.5`"), e.getMessage());
  }
}
