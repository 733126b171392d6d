package io.github.nc4j.examples.report;

import io.github.nc4j.core.data.LabeledData;
import io.github.nc4j.core.model.Mlp;
import io.github.nc4j.core.train.TrainingListener;
import io.github.nc4j.core.train.Trajectory;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows the training of an {@link Mlp} recorded once per epoch: at every recorded point it
 * evaluates the network on the whole training set (loss, objective, accuracy) and on the test
 * set, keeps the point's NC snapshot, drives the progress display, and times the three kinds of
 * work separately (optimization, NC measurement, evaluation), so that the reported training
 * throughput does not include the measurements.
 *
 * <p>The {@link io.github.nc4j.core.train.Trainer} measures NC right after a step's
 * {@link #onStep} and then calls {@link #onRecord}; the time between the two is the NC snapshot.
 */
public final class EpochLog implements TrainingListener {

    /**
     * One epoch's record, describing the parameters after {@code epoch} epochs.
     *
     * @param epoch     completed epochs (0: the initialization)
     * @param seconds   wall-clock seconds since training started, measurements included
     * @param trainingSeconds seconds of optimization since training started (forward, backward
     *                  and update), the measurements excluded
     * @param objective the full training objective: training loss plus weight decay
     * @param train     loss and accuracy on every training sample
     * @param test      loss and accuracy on the test samples
     * @param point     the trainer's point: its mini-batch objective and the NC snapshot
     */
    public record Epoch(int epoch, double seconds, double trainingSeconds, double objective,
                        Mlp.Evaluation train, Mlp.Evaluation test, Trajectory.Point point) {
    }

    private final Mlp model;
    private final LabeledData test;
    private final long stepsPerEpoch;
    private final Progress progress;
    private final List<Epoch> epochs = new ArrayList<>();
    private final long start = System.nanoTime();
    private long lastStepEnd;
    /** When the optimization counted in {@code trainingNanos} last resumed. */
    private long trainingResumed = start;
    private long trainingNanos;
    private long pendingStep = -1;
    private double pendingLoss;
    private long ncNanos;
    private long evaluationNanos;

    public EpochLog(Mlp model, LabeledData test, long stepsPerEpoch, Progress progress) {
        this.model = model;
        this.test = test;
        this.stepsPerEpoch = stepsPerEpoch;
        this.progress = progress;
    }

    @Override
    public void onStep(long step, double objective, double gradientNorm) {
        show();
        pendingStep = step;
        pendingLoss = objective;
        lastStepEnd = System.nanoTime();
    }

    /**
     * Shows the last step on the progress display, with the last epoch's accuracies and NC1. A
     * step is shown at the next call rather than at its own {@code onStep}, so that a step that
     * ends an epoch is shown with that epoch's values, not the previous epoch's. The trainer
     * records its last step, so {@link #onRecord} shows it.
     */
    private void show() {
        if (pendingStep < 0) {
            return;
        }
        if (epochs.isEmpty()) {
            progress.update(pendingStep, Progress.value("loss", pendingLoss));
        } else {
            Epoch last = epochs.get(epochs.size() - 1);
            progress.update(pendingStep, Progress.value("loss", pendingLoss),
                    Progress.value("train acc", last.train().accuracy()),
                    Progress.value("test acc", last.test().accuracy()),
                    Progress.value("NC1", last.point().nc().last().nc1()));
        }
        pendingStep = -1;
    }

    @Override
    public void onRecord(Trajectory.Point point) {
        long begin = System.nanoTime();
        trainingNanos += lastStepEnd - trainingResumed;
        ncNanos += begin - lastStepEnd;
        Mlp.Evaluation train = model.evaluate(model.data());
        Mlp.Evaluation onTest = model.evaluate(test);
        long end = System.nanoTime();
        evaluationNanos += end - begin;
        epochs.add(new Epoch((int) (point.step() / stepsPerEpoch), (end - start) * 1e-9,
                trainingNanos * 1e-9, train.loss() + model.penalty(), train, onTest, point));
        show();
        trainingResumed = System.nanoTime();
    }

    /** The records, one per epoch from 0, in order. */
    public List<Epoch> epochs() {
        return List.copyOf(epochs);
    }

    /** Seconds spent measuring NC (the trainer's snapshots). */
    public double ncSeconds() {
        return ncNanos * 1e-9;
    }

    /** Seconds spent evaluating loss and accuracy on the training and test sets. */
    public double evaluationSeconds() {
        return evaluationNanos * 1e-9;
    }
}
