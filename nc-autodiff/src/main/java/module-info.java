/** Reverse-mode automatic differentiation over nc4j matrices, with losses and optimizers. */
module io.github.nc4j.autodiff {
    requires transitive io.github.nc4j.linalg;

    exports io.github.nc4j.autodiff;
    exports io.github.nc4j.autodiff.optim;
}
