package io.github.nc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.nc4j.examples.TrainCommandTest.Run;
import io.github.nc4j.examples.run.Experiment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nc4j reproduce}: the list, one experiment end to end, the ids it does not run. */
class ReproduceCommandTest {

    @TempDir
    Path dir;

    @Test
    void listShowsEveryExperimentWithItsPaper() {
        Run r = TrainCommandTest.run("reproduce", "--list");
        assertEquals(0, r.exit(), r.err());
        for (Experiment e : Experiment.values()) {
            assertTrue(r.out().contains(e.id() + " ") && r.out().contains(e.description())
                    && r.out().contains(e.paper()), e.id());
        }
    }

    @Test
    void zhuEtAlRunsBothLossesAndSaysThatTrainingAndTheoryAgree() throws IOException {
        Path out = dir.resolve("zhu");
        Run r = TrainCommandTest.run("reproduce", "zhu2021-etf", "--quiet", "--out",
                out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("Training and theory agree: both runs behave as theory"
                + " predicts."), r.out());
        for (String run : new String[] {"mse", "ce"}) {
            String json = Files.readString(out.resolve(run).resolve("metrics.json"));
            assertTrue(json.contains("\"agrees\": true"), run + ": " + json);
            assertTrue(Files.isRegularFile(out.resolve(run).resolve("H.npy")), run);
        }
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("**Training and theory agree"), summary);
        Matcher links = Pattern.compile("\\]\\(([^)]+)\\)").matcher(summary);
        int count = 0;
        while (links.find()) {
            assertTrue(Files.isRegularFile(out.resolve(links.group(1))), links.group(1));
            count++;
        }
        assertEquals(2 + 2 * 2, count, "two run summaries, a PNG and an SVG per NC plot");
    }

    @Test
    void unknownOrMissingIdIsABadOption() {
        Run unknown = TrainCommandTest.run("reproduce", "zhu2022");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown experiment \"zhu2022\"; known: zhu2021-etf"),
                unknown.err());
        assertEquals(2, TrainCommandTest.run("reproduce").exit());
    }

    /** Until an {@code mlp} command is registered, the real-network id points to it. */
    @Test
    void theRealNetworkPointsToTheMlpCommand() {
        assumeFalse(Nc4jCommand.commandLine().getSubcommands().containsKey("mlp"),
                "with nc4j mlp present, reproduce hands the experiment to it");
        Run r = TrainCommandTest.run("reproduce", "papyan2020-mlp", "--out",
                dir.resolve("mlp").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("`nc4j mlp --dataset fashion-mnist --out DIR`"), r.err());
    }
}
