package io.github.nc4j.examples.report;

/**
 * A saved plot: its caption and the names of its PNG and SVG files relative to the run's
 * folder, ready to be embedded in a {@link Summary}.
 */
public record Figure(String caption, String png, String svg) {}
