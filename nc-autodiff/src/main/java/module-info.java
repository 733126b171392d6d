/**
 * Reverse-mode automatic differentiation over nc4j matrices, with losses and optimizers.
 *
 * <ul>
 *   <li>{@link io.github.nc4j.autodiff}: the {@link io.github.nc4j.autodiff.Tape}, its
 *       {@link io.github.nc4j.autodiff.Var}s (each operation a value and its vector-Jacobian
 *       product), losses and gradient checks;</li>
 *   <li>{@link io.github.nc4j.autodiff.optim}: SGD, Adam, AdamW and L-BFGS, with learning-rate
 *       schedules.</li>
 * </ul>
 *
 * <p><b>How it works.</b> The chapter
 * <a href="https://github.com/nc4j/nc4j/blob/main/docs/internals/03-autodiff.md">autodiff</a>
 * of the guided tour
 * (<a href="https://github.com/nc4j/nc4j/tree/main/docs/internals">docs/internals</a>)
 * reads the tape, the backward pass and the gradient checks.
 */
module io.github.nc4j.autodiff {
    requires transitive io.github.nc4j.linalg;

    exports io.github.nc4j.autodiff;
    exports io.github.nc4j.autodiff.optim;
}
