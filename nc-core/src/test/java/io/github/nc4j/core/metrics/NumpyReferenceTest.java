package io.github.nc4j.core.metrics;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.io.Npy;
import io.github.nc4j.linalg.io.NpyArray;
import io.github.nc4j.linalg.io.NpyDType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics against a NumPy transcription of definitions.md §2 (in-memory, {@code numpy.linalg.pinv}
 * with {@code rcond = 1e-6} for NC1 as nc4j defines it, and with {@code rcond = max(d, K) eps}
 * for the rounding-level variant; {@code std(ddof=1)}). Skipped, with a message, when
 * {@code python3} with NumPy is not installed.
 */
class NumpyReferenceTest {

    @TempDir
    Path dir;

    private static final String SCRIPT = """
            import sys, numpy as np
            H = np.load(sys.argv[1]); y = np.load(sys.argv[2]); W = np.load(sys.argv[3]); b = np.load(sys.argv[4])
            centering = sys.argv[5]
            K = int(y.max()) + 1; N, d = H.shape; eps = np.finfo(float).eps
            mu = np.stack([H[y == k].mean(0) for k in range(K)]); hG = H.mean(0)
            M = mu - hG
            Sw = sum((H[y == k] - mu[k]).T @ (H[y == k] - mu[k]) for k in range(K)) / N
            Sb = M.T @ M / K
            out = {}
            out['nc1'] = np.trace(Sw @ np.linalg.pinv(Sb, rcond=1e-6)) / K
            out['nc1_rounding'] = np.trace(Sw @ np.linalg.pinv(Sb, rcond=max(d, K) * eps)) / K
            out['nc1_trace_ratio'] = np.trace(Sw) / np.trace(Sb)
            s = np.linalg.svd(Sb, compute_uv=False); out['nc1_rank'] = (s > 1e-6 * s.max()).sum()
            V = np.array([((H[y == k] - mu[k]) ** 2).sum(1).mean() for k in range(K)])
            a, c = np.triu_indices(K, 1)
            out['cdnv'] = ((V[a] + V[c]) / (2 * ((mu[a] - mu[c]) ** 2).sum(1))).mean()
            etf = (np.eye(K) - np.ones((K, K)) / K) / np.sqrt(K - 1)
            nc2 = lambda G: np.linalg.norm(G / np.linalg.norm(G) - etf)
            of = lambda G: np.linalg.norm(G / np.linalg.norm(G) - np.eye(K) / np.sqrt(K))
            Mc = M if centering == 'global' else mu
            out['nc2_etf_means'] = nc2(Mc @ Mc.T); out['nc2_etf_classifier'] = nc2(W @ W.T)
            out['nc2_of_means'] = of(mu @ mu.T); out['nc2_of_classifier'] = of(W @ W.T)
            off_mass = lambda G: np.linalg.norm((G - np.diag(np.diag(G))) / np.linalg.norm(G))
            out['orthogonality_means'] = off_mass(mu @ mu.T); out['orthogonality_classifier'] = off_mass(W @ W.T)
            norms = np.linalg.norm(Mc, axis=1)
            out['equinorm_means'] = norms.std(ddof=1) / norms.mean()
            cos = (Mc @ Mc.T) / np.outer(norms, norms); off = cos[~np.eye(K, dtype=bool)]
            out['equiangularity_means'] = off.std(ddof=1)
            out['max_angle_means'] = np.abs(off + 1 / (K - 1)).mean()
            out['nc3'] = np.linalg.norm(W / np.linalg.norm(W) - Mc / np.linalg.norm(Mc))
            S = np.sqrt(np.bincount(y, minlength=K))[:, None] * mu; S = S - S.mean(0)
            out['nc3_scaled_means'] = np.linalg.norm(W / np.linalg.norm(W) - S / np.linalg.norm(S))
            pred = (H @ W.T + b).argmax(1)
            ncc = ((H[:, None, :] - mu[None, :, :]) ** 2).sum(2).argmin(1)
            out['nc4'] = (pred != ncc).mean()
            for k, v in out.items():
                print(k, repr(float(v)))
            """;

    @Test
    void agreesWithNumpy() throws Exception {
        assumeTrue(numpyAvailable(), "python3 with numpy not found: skipping the NumPy reference test");
        Random random = new Random(21);
        for (int trial = 0; trial < 4; trial++) {
            int k = 2 + random.nextInt(8);
            int d = 1 + random.nextInt(20);
            int[] y = NcMetricsProperties.labels(k, 0, random);
            Matrix h = NcMetricsProperties.around(Matrix.gaussian(k, d, random).scale(2), y, 1, random)
                    .plus(random.nextDouble() * 3);
            Matrix w = Matrix.gaussian(k, d, random);
            double[] b = new double[k];
            for (int c = 0; c < k; c++) {
                b[c] = 0.2 * random.nextGaussian();
            }
            for (Centering centering : Centering.values()) {
                Map<String, Double> numpy = runNumpy(h, y, w, b, centering == Centering.GLOBAL_MEAN ? "global" : "none");
                NcReport r = NcMetrics.compute(h, y, k, centering, LinearClassifier.of(w, b));
                DirectNc direct = new DirectNc(h, y, k);
                // As in NcMetricsProperties: eigenvalue perturbations of O((d + K) eps) relative,
                // amplified by the conditioning of Sigma_B.
                double bound = 64 * (d + k + h.rows()) * EPS * direct.condition * direct.condition;
                for (Map.Entry<String, Double> e : r.values().entrySet()) {
                    double expected = numpy.get(e.getKey());
                    assertEquals(expected, e.getValue(), bound * Math.max(1, Math.abs(expected)),
                            e.getKey() + " (K=" + k + ", d=" + d + ", " + centering + ")");
                }
                NcMetrics.Nc1 rounding = NcMetrics.nc1(ClassStatistics.of(h, y, k),
                        NcMetrics.roundingCutoff(d, k));
                double kappa = DirectNc.rounding(h, y, k).condition;
                assertEquals(numpy.get("nc1_rounding"), rounding.value(), 64 * (d + k + h.rows())
                        * EPS * kappa * kappa * Math.max(1, numpy.get("nc1_rounding")),
                        "rounding-level NC1");
            }
        }
    }

    private Map<String, Double> runNumpy(Matrix h, int[] y, Matrix w, double[] b, String centering)
            throws IOException, InterruptedException {
        Npy.write(dir.resolve("h.npy"), NpyArray.of(h));
        long[] labels = new long[y.length];
        for (int i = 0; i < y.length; i++) {
            labels[i] = y[i];
        }
        Npy.write(dir.resolve("y.npy"), NpyArray.of(labels));
        Npy.write(dir.resolve("w.npy"), NpyArray.of(w));
        Npy.write(dir.resolve("b.npy"), NpyArray.of(b, NpyDType.FLOAT64));
        Path script = dir.resolve("reference.py");
        Files.writeString(script, SCRIPT);
        Process p = new ProcessBuilder("python3", script.toString(), dir.resolve("h.npy").toString(),
                dir.resolve("y.npy").toString(), dir.resolve("w.npy").toString(),
                dir.resolve("b.npy").toString(), centering).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        Map<String, Double> values = new HashMap<>();
        for (String line : output.strip().split("\n")) {
            String[] parts = line.split(" ");
            values.put(parts[0], Double.parseDouble(parts[1]));
        }
        return values;
    }

    private static boolean numpyAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
