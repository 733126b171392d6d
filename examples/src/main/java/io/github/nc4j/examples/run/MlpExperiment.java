package io.github.nc4j.examples.run;

import io.github.nc4j.core.data.ClassSizes;
import io.github.nc4j.core.data.FashionMnist;
import io.github.nc4j.core.metrics.ClassStatistics;
import io.github.nc4j.core.metrics.LayerwiseNc.LayerReport;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.MlpConfig.Head;
import io.github.nc4j.core.train.Method;
import io.github.nc4j.core.train.NcSnapshot;
import io.github.nc4j.examples.report.EpochLog;
import io.github.nc4j.examples.report.HeadTheory;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Precision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The seeds' practical-network experiments on Fashion-MNIST, scaled to 2 CPU cores: each a few
 * {@code nc4j mlp} runs and the claims of its paper, with pass criteria fixed in this file before
 * any real run (the git history shows them committed first), taken from the papers' statements.
 * A real network is not an unconstrained feature model: {@link MlpReproduction} reports for
 * every claim "yes", "partly" or "no", and never tunes a criterion to a result.
 *
 * <p>Shared settings, as the seeds' scripts but smaller: a body of 2 ReLU layers of 128 units
 * with biases, PyTorch's default initialization, Adam at learning rate 1e-3 with a step schedule
 * (times 0.1 at a third and at two thirds of the epochs, as their StepLR), batches of 64, the
 * first 2000 test images of the chosen classes, seed 1 for the subset, initialization and batch
 * order. The seeds train for thousands of epochs at learning rate 1e-4 (Dang et al. 2023:
 * 12,000 full-batch epochs imbalanced; Dang et al. 2024: 4000 epochs of batches of 256); 300
 * epochs of batches of 64 at 1e-3 fit the 10-minute budget on 2 cores.
 *
 * <p>The regularization is the seeds' own (the record Decays). Dang et al.'s scripts
 * (github.com/Fsoft-AIC/Neural-Collapse-in-Deep-Linear-Networks, train_1st_order.py and
 * train_1st_order_unbalanced.py; github.com/Fsoft-AIC/Cross-Entropy-Imbalanced,
 * train_1st_order_unbalanced.py and run_fashionmnist.sh) use {@code --sep_decay}: the optimizer's
 * weight decay is 0 (their utils.make_optimizer), and each step adds {@code (lambdaW/2) sum
 * ||W||^2} over the head and classifier and {@code (lambdaF/2) ||H_batch||^2} to the batch's mean
 * loss (halved in the imbalanced scripts). Over an epoch that is a feature decay lambda_H =
 * lambdaF B/N on all N features, not lambdaF: a run that applied lambdaF to all N features would
 * decay them N/B times too strongly and keep the logits from growing. Súkeník et al.'s scripts
 * are not in the reference index; their group's network experiments use "MSE loss and standard
 * weight decay regularization" (Jacot, Súkeník, Wang and Mondelli, ICLR 2025), so their runs
 * decay every layer through the optimizer and have no separate feature decay. The closed forms
 * ({@link HeadTheory}) see the decays the network trained with, divided by the loss scale.
 */
public enum MlpExperiment {

    DANG2023_LINEAR_HEAD("dang2023-linear-head-mlp",
            "Dang et al. 2023, Neural Collapse in Deep Linear Networks: From Balanced to"
                    + " Imbalanced Data (ICML)",
            "MLP body + linear head of M = 3 layers (2 head + classifier), MSE, weight decay and"
                    + " feature decay: NC1 falls through the head; ETF with a bias, orthogonal"
                    + " frame without; imbalanced: lengths and singular values set by n_k",
            List.of(
                    new Run("balanced-bias", "balanced (300 per class), classifier bias",
                            dang2023(ClassSizes.balanced(10, 300), true),
                            List.of(Claims.nc1FallsThroughHead(), Claims.simplexEtf())),
                    new Run("balanced-bias-free", "balanced (300 per class), no bias",
                            dang2023(ClassSizes.balanced(10, 300), false),
                            List.of(Claims.nc1FallsThroughHead(), Claims.orthogonalFrame())),
                    new Run("imbalanced-bias-free", "n = 100,100,...,500,500, no bias",
                            dang2023(MlpExperiment.seedsImbalance(), false),
                            List.of(Claims.nc1FallsThroughHead(), Claims.orthogonalFrame(),
                                    Claims.lengthOrder(), Claims.lengthRatio(),
                                    Claims.classifierOrder())))),

    DANG2024_RELU_CE("dang2024-relu-ce-mlp",
            "Dang et al. 2024, Neural Collapse for Cross-entropy Class-Imbalanced Learning with"
                    + " Unconstrained ReLU Features Model (ICML)",
            "MLP with post-ReLU features and a bias-free classifier, cross-entropy, imbalanced:"
                    + " orthogonal class means, classifier = scaled centred means, lengths"
                    + " growing as n_k shrinks, minority collapse at strong imbalance",
            List.of(
                    new Run("imbalanced", "n = 100,100,...,500,500, the seeds' decays",
                            dang2024(MlpExperiment.seedsImbalance()),
                            List.of(Claims.orthogonalFrame(), Claims.scaledCentredClassifier(),
                                    Claims.lengthsGrowAsClassesShrink())),
                    new Run("strong", "n = 500 (classes 0-4), 20 (classes 5-9), lambda_W ="
                            + " 2e-2, lambda_H = 2e-4 (over the loss scale): the closed form"
                            + " collapses the minorities",
                            dang2024Strong(new int[] {500, 500, 500, 500, 500, 20, 20, 20, 20,
                                20}),
                            List.of(Claims.minorityCollapse())))),

    SUKENIK2023_MLP_HEAD("sukenik2023-mlp-head",
            "Súkeník, Mondelli and Lampert 2023, Deep Neural Collapse Is Provably Optimal for"
                    + " the Deep Unconstrained Features Model (NeurIPS); Súkeník, Lampert and"
                    + " Mondelli 2024 (NeurIPS) for K > 2",
            "MLP body + ReLU MLP head of L = 2..4 layers, MSE, weight decay everywhere: DNC1"
                    + " falling layer by layer, DNC2 and DNC3 in every head layer for K = 2;"
                    + " lower-rank class means in the last head layer for K = 10",
            List.of(binary(2), binary(3), binary(4),
                    new Run("K10-L3", "all 10 classes, 300 each, head of 3 ReLU layers",
                            sukenik(new int[0], ClassSizes.balanced(10, 300), 3),
                            List.of(Claims.dnc1FallsThroughHead(), Claims.lowRank()))));

    /** Epochs of every run; the step schedule drops the rate at a third and two thirds. */
    static final int EPOCHS = 300;
    /** Samples per step of every run. */
    static final int BATCH = 64;

    private final String id;
    private final String paper;
    private final String description;
    private final List<Run> runs;

    MlpExperiment(String id, String paper, String description, List<Run> runs) {
        this.id = id;
        this.paper = paper;
        this.description = description;
        this.runs = List.copyOf(runs);
    }

    /**
     * One network of an experiment and the claims it is checked against.
     *
     * @param name     its subfolder
     * @param title    a short description
     * @param settings the {@code nc4j mlp} run
     * @param claims   the paper's claims this run tests
     */
    public record Run(String name, String title, MlpRun settings, List<Claim> claims) {

        /** This run with at most {@code epochs} epochs and the data read from {@code data}. */
        public Run withEpochsAtMost(int epochs, Path data) {
            MlpRun s = settings;
            MlpRun changed = new MlpRun(s.dataset(), data, s.trainSize(), s.testSize(),
                    s.width(), s.depth(), Math.min(epochs, s.epochs()), s.batchSize(),
                    s.optimizer(), s.learningRate(), s.schedule(), s.weightDecay(),
                    s.bodyWeightDecay(), s.loss(),
                    s.imbalance(), s.seed(), s.head(), s.classifierBias(), s.featureDecay(),
                    s.lossScale(), s.classSizes(), s.classes(), s.precision());
            return new Run(name, title, changed, claims);
        }
    }

    /** What a run showed for a claim. */
    public enum Shown {
        /** The criterion's strong form holds. */
        YES("yes"),
        /** Only its weak form holds. */
        PARTLY("partly"),
        /** Neither holds. */
        NO("no");

        private final String word;

        Shown(String word) {
            this.word = word;
        }

        /** {@return the word in the summary} */
        public String word() {
            return word;
        }
    }

    /**
     * A trained run's evidence.
     *
     * @param trained the network and its records
     * @param theory  the head against the closed form
     */
    public record Evidence(MlpRun.Trained trained, HeadTheory theory) {

        /** The NC snapshot at the end of training. */
        NcSnapshot last() {
            List<EpochLog.Epoch> epochs = trained.epochs();
            return epochs.get(epochs.size() - 1).point().nc();
        }

        /** Index (from 0) of the body's last layer among the measured layers. */
        int bodyOutput() {
            return trained.modelConfig().depth() - 1;
        }

        /** Final NC1 of the body's output and of every head layer, in order. */
        double[] headNc1() {
            List<LayerReport> layers = last().layers();
            return layers.subList(bodyOutput(), layers.size()).stream()
                    .mapToDouble(r -> r.features().nc1()).toArray();
        }
    }

    /**
     * What a run found for a claim.
     *
     * @param shown    yes, partly or no
     * @param measured the numbers it rests on
     */
    public record Finding(Shown shown, String measured) {
    }

    /**
     * A paper's claim and its pass criterion, fixed before running.
     *
     * @param statement what the paper states, in a sentence
     * @param criterion when a run shows it ("yes") or shows it in part ("partly")
     * @param check     the criterion as code
     */
    public record Claim(String statement, String criterion, Function<Evidence, Finding> check) {
    }

    /** {@return the id on the command line} */
    public String id() {
        return id;
    }

    /** {@return the paper} */
    public String paper() {
        return paper;
    }

    /** {@return one line saying what the experiment shows} */
    public String description() {
        return description;
    }

    /** {@return the runs, in order} */
    public List<Run> runs() {
        return runs;
    }

    /**
     * {@return the experiment with this id, if there is one}
     *
     * @param id the id
     */
    public static Optional<MlpExperiment> byId(String id) {
        return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst();
    }

    // ---------------------------------------------------------------- the settings

    /** The seeds' class sizes for 10 classes (Dang et al. 2023 and 2024). */
    static int[] seedsImbalance() {
        return new int[] {100, 100, 200, 200, 300, 300, 400, 400, 500, 500};
    }

    private static MlpRun.Schedule thirds() {
        return new MlpRun.Schedule(MlpRun.Schedule.Kind.STEP, EPOCHS / 3, 0.1);
    }

    private static MlpRun base(int[] classes, int[] sizes, Loss loss, Head head, boolean bias,
                               Decays decays) {
        return new MlpRun("fashion-mnist", FashionMnist.DEFAULT_DIRECTORY, 0, 2000, 128, 2,
                EPOCHS, BATCH, Method.ADAM, 1e-3, thirds(), decays.weights(), decays.body(),
                loss, Imbalance.NONE, 1, head, bias, decays.features(), decays.lossScale(), sizes,
                classes, Precision.FLOAT64);
    }

    /**
     * The regularization of a run, in nc4j's terms ({@link io.github.nc4j.core.model.MlpConfig}:
     * {@code lossScale loss + sum (lambda_l/2) ||W_l||^2 + (lambda_H/2) ||H||^2}, H over all N
     * training samples).
     *
     * @param lossScale the factor of the loss
     * @param weights   the decay of the head's and the classifier's matrices
     * @param body      the decay of the body's matrices
     * @param features  lambda_H of the body's last features, over all N samples
     */
    record Decays(double lossScale, double weights, double body, double features) {

        /**
         * The seeds' {@code sep_decay}: per step, {@code c criterion(batch) + (lambdaW/2) sum
         * ||W||^2 + (lambdaF/2) ||H_batch||^2} over the head and classifier matrices only (the
         * optimizer's own weight decay is 0, so the body is not decayed). A batch of B of the N
         * samples holds on average B/N of ||H||^2, so over an epoch this is nc4j's objective
         * with lambda_H = lambdaF B/N.
         *
         * @param c       the factor of the criterion: 1/2 in the imbalanced scripts
         * @param mse     whether the criterion is PyTorch's {@code nn.MSELoss()}, 2/K times
         *                nc4j's MSE
         * @param k       the number of classes
         * @param lambdaW their {@code --weight_decay}
         * @param lambdaF their {@code --feature_decay_rate}
         * @param batch   their batch size B
         * @param n       the number of training samples N
         */
        static Decays sepDecay(double c, boolean mse, int k, double lambdaW, double lambdaF,
                               int batch, int n) {
            return new Decays(mse ? c * 2.0 / k : c, lambdaW, 0, lambdaF * batch / n);
        }
    }

    /**
     * Dang et al. 2023's MLP experiment: a linear head of 2 layers plus the classifier (M = 3),
     * MSE. Balanced: their train_1st_order.py (nn.MSELoss, --weight_decay and
     * --feature_decay_rate 1e-4 by default, batches of 128); imbalanced: their
     * train_1st_order_unbalanced.py (half the nn.MSELoss, --weight_decay 1e-5 as their README,
     * --feature_decay_rate 1e-5 by default, the full batch of 3000).
     */
    private static MlpRun dang2023(int[] sizes, boolean bias) {
        int n = Arrays.stream(sizes).sum();
        boolean balanced = Arrays.stream(sizes).allMatch(v -> v == sizes[0]);
        Decays decays = balanced ? Decays.sepDecay(1, true, sizes.length, 1e-4, 1e-4, 128, n)
                : Decays.sepDecay(0.5, true, sizes.length, 1e-5, 1e-5, n, n);
        return base(new int[0], sizes, Loss.MSE, Head.linear(2), bias, decays);
    }

    /**
     * Dang et al. 2024's MLP experiment (their run_fashionmnist.sh): post-ReLU features, a
     * bias-free classifier, half the cross-entropy, --weight_decay 1e-4 on the classifier,
     * --feature_decay_rate 1e-5 on batches of 256.
     */
    private static MlpRun dang2024(int[] sizes) {
        int n = Arrays.stream(sizes).sum();
        return base(new int[0], sizes, Loss.CROSS_ENTROPY, Head.none(), false,
                Decays.sepDecay(0.5, false, sizes.length, 1e-4, 1e-5, 256, n));
    }

    /**
     * Strong imbalance (no script of the seeds): their regularization (half the cross-entropy,
     * no decay on the body) with the classifier's decay at 1e-2 and the features' at 1e-4 over
     * all N (their sep_decay 1e-4 N/256, about 1e-3), which the closed form sees as lambda_W =
     * 2e-2 and lambda_H = 2e-4 (the loss scale divides them) and answers with the five minority
     * means at 0 and the majority means away from it.
     */
    private static MlpRun dang2024Strong(int[] sizes) {
        return base(new int[0], sizes, Loss.CROSS_ENTROPY, Head.none(), false,
                new Decays(0.5, 1e-2, 0, 1e-4));
    }

    /**
     * ReLU head of L layers, bias-free classifier, MSE (the DUFM's (1/(2N))||Z - Y||^2), weight
     * decay 5e-4 on every layer through the optimizer, body included, and no separate feature
     * decay: a real network's features are not free, so nothing stands for the DUFM's lambda_H.
     */
    private static MlpRun sukenik(int[] classes, int[] sizes, int layers) {
        return base(classes, sizes, Loss.MSE, Head.relu(layers), false,
                new Decays(1, 5e-4, 5e-4, 0));
    }

    /** K = 2 (T-shirts against shirts, 500 each) with a head of L ReLU layers. */
    private static Run binary(int layers) {
        return new Run("K2-L" + layers, "classes 0 and 6 (T-shirt, shirt), 500 each, head of "
                + layers + " ReLU layers", sukenik(new int[] {0, 6}, ClassSizes.balanced(2, 500),
                layers), List.of(Claims.dnc1FallsThroughHead(), Claims.dnc2Binary(),
                Claims.dnc3()));
    }

    // ---------------------------------------------------------------- the claims

    /** The claims, each with its criterion; thresholds from the papers' statements. */
    static final class Claims {

        /** Cosines within this of their target count as the target (the example). */
        static final double COSINE = 0.2;
        /** A rank correlation at least this counts as the same order. */
        static final double ORDER = 0.8;

        private Claims() {
        }

        static Claim nc1FallsThroughHead() {
            return new Claim("NC1 falls through the linear head (Dang et al. 2023: the"
                    + " features of every linear layer collapse, more so deeper)",
                    "yes: final NC1 decreases from the body's output through every head layer;"
                            + " partly: the last head layer's NC1 is below the body output's",
                    e -> monotone(e.headNc1()));
        }

        static Claim dnc1FallsThroughHead() {
            return new Claim("DNC1 falls layer by layer through the MLP head (Súkeník et al."
                    + " 2023)", "yes: final NC1 decreases from the body's output through every"
                    + " head layer; partly: the last head layer's NC1 is below the body"
                    + " output's", e -> monotone(e.headNc1()));
        }

        static Claim simplexEtf() {
            return new Claim("with a classifier bias, the centred class means form a simplex"
                    + " ETF (cosines -1/(K-1))", "yes: every pairwise cosine of the last"
                    + " layer's centred class means within " + COSINE + " of -1/(K-1);"
                    + " partly: their mean within " + COSINE, e -> {
                        HeadTheory t = e.theory();
                        double max = t.measured("max_etf_deviation_last");
                        double mean = t.measured("mean_cos_last");
                        int k = e.trained().modelConfig().numClasses();
                        return new Finding(max < COSINE ? Shown.YES
                                : Math.abs(mean + 1.0 / (k - 1)) < COSINE ? Shown.PARTLY
                                : Shown.NO, String.format(Locale.ROOT, "largest |cos + 1/(K-1)|"
                                + " %.3g, mean cosine %.3g (ETF: %.3g)", max, mean,
                                -1.0 / (k - 1)));
                    });
        }

        static Claim orthogonalFrame() {
            return new Claim("without a bias, the class means are mutually orthogonal (an"
                    + " orthogonal frame), not a simplex ETF", "yes: |cosine| of every pair of"
                    + " the last layer's uncentred class means below " + COSINE + "; partly:"
                    + " their mean cosine below " + COSINE, e -> {
                        double max = e.theory().measured("max_abs_cos_last");
                        double mean = e.theory().measured("mean_cos_last");
                        return new Finding(max < COSINE ? Shown.YES
                                : Math.abs(mean) < COSINE ? Shown.PARTLY : Shown.NO,
                                String.format(Locale.ROOT, "largest |cos| %.3g, mean cos %.3g",
                                        max, mean));
                    });
        }

        static Claim lengthOrder() {
            return new Claim("imbalanced, bias-free: the class-mean lengths are ordered as the"
                    + " closed form says (minority classes longer)", "yes: rank correlation of"
                    + " the 10 lengths of H with the closed form's at least " + ORDER
                    + "; partly: positive", e -> order(e.theory(), "length_theory_correlation"));
        }

        static Claim lengthRatio() {
            return new Claim("imbalanced, bias-free: the lengths are those of the closed form",
                    "yes: mean length of the smallest classes over that of the largest within"
                            + " 25% of the closed form's ratio; partly: above 1 (minorities"
                            + " longer)", e -> {
                        HeadTheory.Measure m = e.theory().measure("length_ratio_smallest_largest")
                                .orElseThrow();
                        double r = m.measured() / m.predicted();
                        return new Finding(Math.abs(r - 1) <= 0.25 ? Shown.YES
                                : m.measured() > 1 ? Shown.PARTLY : Shown.NO,
                                String.format(Locale.ROOT, "ratio %.3g, closed form %.3g",
                                        m.measured(), m.predicted()));
                    });
        }

        static Claim classifierOrder() {
            return new Claim("imbalanced, bias-free: the classifier's singular values are"
                    + " ordered the other way (larger for larger classes)", "yes: rank"
                    + " correlation of the classifier's row norms ||w_k|| with the closed"
                    + " form's singular values at least " + ORDER + "; partly: positive",
                    e -> order(e.theory(), "classifier_theory_correlation"));
        }

        static Claim scaledCentredClassifier() {
            return new Claim("classifier rows are the sqrt(n_k)-scaled, centred class means"
                    + " (NC-SPEC item 5)", "yes: every row's cosine with its scaled centred"
                    + " mean at least 0.9; partly: at least 0.5", e -> {
                        double min = e.theory().measured("min_row_cos_scaled_means");
                        double distance = e.theory().measured("classifier_vs_scaled_means");
                        return new Finding(min >= 0.9 ? Shown.YES : min >= 0.5 ? Shown.PARTLY
                                : Shown.NO, String.format(Locale.ROOT, "smallest row cosine"
                                + " %.3g, ||W/||W|| - W*/||W*|| ||_F %.3g", min, distance));
                    });
        }

        static Claim lengthsGrowAsClassesShrink() {
            return new Claim("the class-mean lengths grow as n_k shrinks", "yes: rank"
                    + " correlation of the lengths with n_k at most -" + ORDER + "; partly:"
                    + " negative", e -> {
                        double rho = e.theory().measured("length_size_correlation");
                        return new Finding(rho <= -ORDER ? Shown.YES : rho < 0 ? Shown.PARTLY
                                : Shown.NO, String.format(Locale.ROOT,
                                "rank correlation %.3g", rho));
                    });
        }

        static Claim minorityCollapse() {
            return new Claim("at strong imbalance the minority classes collapse (the closed"
                    + " form: their means are 0)", "yes: mean length of the minority classes"
                    + " below 0.1 of the majority's; partly: below 0.5", e -> {
                        HeadTheory.Measure m = e.theory().measure("length_ratio_smallest_largest")
                                .orElseThrow();
                        return new Finding(m.measured() < 0.1 ? Shown.YES : m.measured() < 0.5
                                ? Shown.PARTLY : Shown.NO, String.format(Locale.ROOT,
                                "minority / majority length %.3g, closed form %.3g",
                                m.measured(), m.predicted()));
                    });
        }

        static Claim dnc2Binary() {
            return new Claim("K = 2: the post-ReLU class means of every head layer are"
                    + " orthogonal (DNC2 of the DUFM)", "yes: |cosine| of the two class means"
                    + " below " + COSINE + " in every head layer; partly: in the last", e -> {
                        double[] cos = headCosines(e);
                        boolean all = Arrays.stream(cos).allMatch(c -> Math.abs(c) < COSINE);
                        boolean lastOne = Math.abs(cos[cos.length - 1]) < COSINE;
                        return new Finding(all ? Shown.YES : lastOne ? Shown.PARTLY : Shown.NO,
                                "cosine per head layer " + list(cos));
                    });
        }

        static Claim dnc3() {
            return new Claim("every head layer's weights align with the class means of its"
                    + " input (DNC3)", "yes: DNC3 (share of ||W_l||^2 off the best-aligned class"
                    + " mean) below 0.2 for every head layer and the classifier; partly: below"
                    + " 0.5", e -> {
                        List<LayerReport> layers = e.last().layers();
                        double[] dnc3 = layers.subList(e.bodyOutput(), layers.size()).stream()
                                .mapToDouble(r -> r.weightAlignment().orElse(Double.NaN))
                                .toArray();
                        double max = Arrays.stream(dnc3).max().orElse(Double.NaN);
                        return new Finding(max < 0.2 ? Shown.YES : max < 0.5 ? Shown.PARTLY
                                : Shown.NO, "DNC3 of the weights reading each layer from the"
                                + " body's output " + list(dnc3));
                    });
        }

        static Claim lowRank() {
            return new Claim("K = 10: the last head layer's class means have rank below K"
                    + " (Súkeník et al. 2024: low-rank solutions beat deep neural collapse)",
                    "yes: numerical rank (singular values above 1e-3 of the largest) below"
                            + " 10; no criterion for partly", e -> {
                        double rank = e.theory().measured("rank_last");
                        return new Finding(rank < e.trained().modelConfig().numClasses()
                                ? Shown.YES : Shown.NO, String.format(Locale.ROOT,
                                "rank %.0f", rank));
                    });
        }

        static Finding monotone(double[] nc1) {
            boolean decreasing = true;
            for (int i = 1; i < nc1.length; i++) {
                decreasing &= nc1[i] < nc1[i - 1];
            }
            return new Finding(decreasing ? Shown.YES : nc1[nc1.length - 1] < nc1[0]
                    ? Shown.PARTLY : Shown.NO, "NC1 from the body's output " + list(nc1));
        }

        private static Finding order(HeadTheory theory, String key) {
            double rho = theory.measured(key);
            return new Finding(rho >= ORDER ? Shown.YES : rho > 0 ? Shown.PARTLY : Shown.NO,
                    String.format(Locale.ROOT, "rank correlation %.3g", rho));
        }

        /** The cosine of the two uncentred class means of every head layer (K = 2). */
        private static double[] headCosines(Evidence e) {
            var model = e.trained().model();
            List<Matrix> layers = model.layerFeatures(0, model.numSamples());
            int k = model.numClasses();
            List<Double> out = new ArrayList<>();
            for (int l = e.bodyOutput() + 1; l < layers.size(); l++) {
                Matrix means = ClassStatistics.of(layers.get(l), model.labels(), k).classMeans();
                out.add(HeadTheory.offDiagonalCosines(means)[0]);
            }
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }

        private static String list(double[] values) {
            return String.join(" -> ", Arrays.stream(values)
                    .mapToObj(v -> String.format(Locale.ROOT, "%.3g", v)).toList());
        }
    }
}
