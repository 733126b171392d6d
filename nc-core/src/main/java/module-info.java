/** Neural-collapse metrics, closed-form theory, unconstrained feature models and training. */
module io.github.nc4j.core {
    requires transitive io.github.nc4j.linalg;
    requires transitive io.github.nc4j.autodiff;

    exports io.github.nc4j.core.check;
    exports io.github.nc4j.core.data;
    exports io.github.nc4j.core.metrics;
    exports io.github.nc4j.core.model;
    exports io.github.nc4j.core.theory;
    exports io.github.nc4j.core.train;
}
