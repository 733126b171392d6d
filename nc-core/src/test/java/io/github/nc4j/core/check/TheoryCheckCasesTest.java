package io.github.nc4j.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.core.model.Architecture;
import io.github.nc4j.core.model.FeatureModel;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.UfmConfig;
import io.github.nc4j.core.theory.CeUfmOptimum;
import io.github.nc4j.core.theory.DeepLinearMseOptimum;
import io.github.nc4j.core.theory.DeepUfmBinaryOptimum;
import io.github.nc4j.core.theory.OrthogonalFrame;
import io.github.nc4j.core.theory.ReluUfmCeOptimum;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.decomp.Svd;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The closed forms that {@link TheoryCheck} picks besides the deep linear one (see
 * {@code TheoryCheckTest}): the ReLU UFM and the UFM with cross-entropy, and the two-class DUFM,
 * each with its parameters set exactly to its optimum, where every comparison must agree to
 * rounding; the findings of the DUFM against deep neural collapse; which configurations have a
 * closed form at all; and the numerical rank.
 */
class TheoryCheckCasesTest {

    /** Far below the 1% that nc4j applies: the parameters are the closed form itself. */
    private static final double ROUNDING = 1e-6;

    /** N x d features whose rows are the class means (rows of {@code means}), class by class. */
    private static Matrix collapsed(int[] sizes, Matrix means) {
        int n = java.util.Arrays.stream(sizes).sum();
        Matrix h = Matrix.zeros(n, means.cols());
        for (int c = 0, row = 0; c < sizes.length; c++) {
            for (int i = 0; i < sizes[c]; i++, row++) {
                for (int j = 0; j < means.cols(); j++) {
                    h.set(row, j, means.get(c, j));
                }
            }
        }
        return h;
    }

    /** {@code m} in the top-left corner of a {@code rows x cols} zero matrix. */
    private static Matrix padded(Matrix m, int rows, int cols) {
        return Matrix.generate(rows, cols,
                (i, j) -> i < m.rows() && j < m.cols() ? m.get(i, j) : 0);
    }

    private static List<String> names(TheoryCheck check) {
        return check.comparisons().stream().map(Comparison::quantity).toList();
    }

    private static void assertAtOptimum(TheoryCheck check) {
        assertEquals(Verdict.AGREES, check.verdict(ROUNDING), check.comparisons()::toString);
        assertTrue(check.converged(0.01), "gradient norm " + check.gradientNorm());
    }

    /**
     * K = 3, n = (60, 30, 4), lambda = 2e-2: classes 0 and 1 keep a margin, class 2 collapses
     * to the origin ((K-1)(rho_2 - 1) = 0.3 < 1), so its length and margin are compared
     * relative to the largest predicted one.
     */
    @Test
    void theReluUfmAtItsOptimumAgrees() {
        int[] sizes = {60, 30, 4};
        UfmConfig c = UfmConfig.of(Architecture.RELU_UFM, sizes, 5)
                .withLoss(Loss.CROSS_ENTROPY).withLambdaW(2e-2).withLambdaH(2e-2);
        ReluUfmCeOptimum opt = ReluUfmCeOptimum.of(c.classSizesLong(), 2e-2, 2e-2);
        assertTrue(opt.isCollapsed(2) && !opt.isCollapsed(1), opt.toString());
        Matrix means = OrthogonalFrame.vectors(opt.meanNorms(), 5);
        FeatureModel model = FeatureModel.of(c);
        model.setParameters(collapsed(sizes, means), List.of(opt.classifier(means)));
        TheoryCheck check = TheoryCheck.of(model).orElseThrow();
        assertAtOptimum(check);
        assertEquals(List.of("||mu_0||", "||mu_1||", "||mu_2||", "m_0", "m_1", "m_2",
                "||W - W*(M)||_F / ||W||_F", "objective", "offdiag(M M^T) / ||M M^T||_F"),
                names(check));
        Comparison lost = check.comparisons().get(2);
        // Smaller classes have longer means here: the largest length is class 1's.
        assertEquals(opt.meanNorm(1), lost.reference(), 0.0, "relative to the largest length");
        assertEquals(List.of("class 2 (n = 4) collapses to the origin at the optimum (margin 0)"),
                check.findings());
        assertTrue(check.theory().contains("Dang et al. 2024"), check.theory());
        // Twice the optimal classifier: ||W - W*|| / ||W|| = 1/2.
        model.setParameters(model.features(), List.of(opt.classifier(means).scale(2)));
        Comparison classifier = TheoryCheck.of(model).orElseThrow().comparisons().get(6);
        assertEquals(0.5, classifier.learned(), 1e-12, classifier.quantity());
    }

    /**
     * The optimal logits Z of {@link CeUfmOptimum} factored as the penalty prefers: with
     * {@code Z diag(sqrt(n_k)) = U S V^T}, {@code W = (lambda_H/lambda_W)^(1/4) U S^(1/2)} and
     * class means (columns) {@code (lambda_W/lambda_H)^(1/4) S^(1/2) V^T diag(1/sqrt(n_k))};
     * both penalties then equal {@code sqrt(lambda_W lambda_H)/2 ||Z diag(sqrt(n_k))||_*}.
     */
    @Test
    void theCrossEntropyUfmAtItsOptimumAgrees() {
        int[] sizes = {40, 20, 10, 10};
        double lambdaW = 5e-3;
        double lambdaH = 2e-3;
        UfmConfig c = UfmConfig.of(Architecture.UFM, sizes, 6).withLoss(Loss.CROSS_ENTROPY)
                .withLambdaW(lambdaW).withLambdaH(lambdaH);
        CeUfmOptimum opt = CeUfmOptimum.of(c.classSizesLong(), lambdaW, lambdaH);
        Matrix y = opt.logits();
        for (int k = 0; k < sizes.length; k++) {
            for (int j = 0; j < sizes.length; j++) {
                y.set(j, k, y.get(j, k) * Math.sqrt(sizes[k]));
            }
        }
        Svd svd = Svd.of(y);
        Matrix root = Matrix.diagonal(java.util.Arrays.stream(svd.singularValues())
                .map(Math::sqrt).toArray());
        double ratio = Math.pow(lambdaH / lambdaW, 0.25);
        Matrix w = svd.u().times(root).scale(ratio);
        Matrix meanColumns = root.timesTranspose(svd.v()).scale(1 / ratio);
        Matrix means = meanColumns.transpose();
        for (int k = 0; k < sizes.length; k++) {
            for (int j = 0; j < means.cols(); j++) {
                means.set(k, j, means.get(k, j) / Math.sqrt(sizes[k]));
            }
        }
        FeatureModel model = FeatureModel.of(c);
        model.setParameters(collapsed(sizes, padded(means, 4, 6)),
                List.of(padded(w, 4, 6)));
        TheoryCheck check = TheoryCheck.of(model).orElseThrow();
        assertAtOptimum(check);
        assertEquals(List.of("margin_0", "margin_1", "margin_2", "margin_3",
                "||Z - Z*||_F / ||Z*||_F (class-mean logits)", "objective"), names(check));
        for (int k = 0; k < sizes.length; k++) {
            assertEquals(opt.margin(k), check.comparisons().get(k).predicted(), 0.0);
        }
        // Twice the classifier doubles the logits: ||Z - Z*|| / ||Z*|| = 1.
        model.setParameters(model.features(), List.of(padded(w, 4, 6).scale(2)));
        Comparison logits = TheoryCheck.of(model).orElseThrow().comparisons().get(4);
        assertEquals(1, logits.learned(), 1e-9, logits.quantity());
    }

    /**
     * The two-class DUFM optimum written out for width 4: class k's features {@code a e_k}
     * (means at 90 degrees, the end of the optimal range where the ReLU is inactive) and every
     * layer {@code s} on the first two coordinates, with {@code a = sqrt(q/N)} and
     * {@code s = sqrt(q/2)}, so that {@code ||W_1||_F^2 = q}.
     */
    @Test
    void theTwoClassDufmAtItsOptimumAgreesAndMatchesDeepNeuralCollapse() {
        int layers = 3;
        UfmConfig c = UfmConfig.of(Architecture.DEEP_UFM, new int[] {50, 50}, 4)
                .withDepth(layers);
        DeepUfmBinaryOptimum opt = DeepUfmBinaryOptimum.of(layers, 50, c.lambdaH());
        double a = opt.firstLayerMeanNorm();
        double s = opt.singularValue();
        Matrix means = Matrix.of(new double[][] {{a, 0, 0, 0}, {0, a, 0, 0}});
        List<Matrix> weights = new ArrayList<>();
        for (int l = 1; l <= layers; l++) {
            weights.add(padded(Matrix.diagonal(s, s), l == layers ? 2 : 4, 4));
        }
        FeatureModel model = FeatureModel.of(c);
        model.setParameters(collapsed(new int[] {50, 50}, means), weights);
        TheoryCheck check = TheoryCheck.of(model).orElseThrow();
        assertAtOptimum(check);
        assertEquals(List.of("||mu_0||", "||mu_1||", "||W_1||_F^2", "sigma_1(W_2)",
                "sigma_2(W_2)", "sigma_1(W_3)", "sigma_2(W_3)", "objective"), names(check));
        // Two classes at 90 degrees are deep neural collapse: no low-rank or trivial finding.
        assertEquals(1, check.findings().size(), check.findings()::toString);
        assertTrue(check.findings().get(0).endsWith("the class means of the last layer have"
                + " rank 2 of 2"), check.findings().get(0));
        assertTrue(check.theory().contains("two classes"), check.theory());
    }

    /** All parameters 0: MSE 1/2 against one-hot targets, rank 0, and the weight decay blamed. */
    @Test
    void theAllZeroDufmIsReportedAsTheTrivialSolution() {
        UfmConfig c = UfmConfig.of(Architecture.DEEP_UFM, new int[] {20, 20, 20}, 6)
                .withDepth(3);
        FeatureModel model = FeatureModel.of(c);
        List<Matrix> zeros = List.of(Matrix.zeros(6, 6), Matrix.zeros(6, 6), Matrix.zeros(3, 6));
        model.setParameters(Matrix.zeros(60, 6), zeros);
        TheoryCheck check = TheoryCheck.of(model).orElseThrow();
        double dnc = DeepLinearMseOptimum.balanced(3, 20, c.lambdaH(), c.lambdaW()).objective();
        assertEquals(List.of(String.format(Locale.ROOT, "objective 0.5000000 against %.7g for the"
                        + " best deep neural collapse solution (%+.3g%%); the class means of the"
                        + " last layer have rank 0 of 3", dnc, 100 * (0.5 - dnc) / dnc),
                "the trained solution is (close to) the trivial one, all weights 0: the weight"
                        + " decay is too strong for this depth"), check.findings());
        assertEquals(Verdict.NO_PREDICTION, check.verdict(ROUNDING));
        assertEquals(Diagnosis.Kind.NO_PREDICTION, check.diagnosis(ROUNDING).kind());
        assertEquals("", check.diagnosis(ROUNDING).explanation(), "a zero gradient: converged");
    }

    @Test
    void onlyConfigurationsWithAClosedFormAreChecked() {
        UfmConfig mse = UfmConfig.of(Architecture.DEEP_LINEAR, new int[] {20, 10}, 4);
        assertTrue(TheoryCheck.predicts(mse));
        assertFalse(TheoryCheck.predicts(mse.withLambdaW(0)), "no decay on W: not attained");
        assertFalse(TheoryCheck.predicts(mse.withLambdaH(0)), "no decay on H: not attained");
        assertFalse(TheoryCheck.predicts(mse.withBias(true)), "a bias needs balanced classes");
        assertTrue(TheoryCheck.predicts(mse.withBias(true).withClassSizes(20, 20)));
        UfmConfig dufm = UfmConfig.of(Architecture.DEEP_UFM, new int[] {20, 10}, 4).withDepth(2);
        assertTrue(TheoryCheck.of(FeatureModel.of(dufm)).isEmpty(), "imbalanced DUFM");
        assertTrue(TheoryCheck.of(FeatureModel.of(dufm.withClassSizes(10, 10)
                .withLoss(Loss.CROSS_ENTROPY))).isEmpty(), "DUFM with cross-entropy");
    }

    /** Singular values 1, 1e-2, 1e-3, 0: those above 1e-3 of the largest count. */
    @Test
    void theRankCountsSingularValuesAboveTheTolerance() {
        assertEquals(1e-3, TheoryCheck.RANK_TOLERANCE);
        assertEquals(2, TheoryCheck.rank(Matrix.diagonal(1, 1e-2, 1e-3, 0)));
        assertEquals(3, TheoryCheck.rank(Matrix.diagonal(1, 1e-2, 1.01e-3)));
        assertEquals(0, TheoryCheck.rank(Matrix.zeros(3, 2)));
        // relative to the largest: 1e-3 is a quarter of the tolerance when the largest is 4
        assertEquals(2, TheoryCheck.rank(Matrix.diagonal(4, 4e-2, 1e-3)));
    }
}
