package io.github.nc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.examples.TrainCommandTest.Run;
import io.github.nc4j.examples.run.Experiment;
import io.github.nc4j.examples.run.MlpExperiment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
        for (MlpExperiment e : MlpExperiment.values()) {
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

    /** Issue 16: no test showed {@code reproduce} failing when training falls short. */
    @Test
    void anUnderTrainedReproductionDisagreesAndExitsWithStatusOne() throws IOException {
        Path out = dir.resolve("short");
        Run r = TrainCommandTest.run("reproduce", "zhu2021-etf", "--max-steps", "5", "--quiet",
                "--out", out.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("Training and theory disagree: 2 of 2 runs do not behave as"
                + " theory predicts (mse, ce)."), r.out());
        String json = Files.readString(out.resolve("mse").resolve("metrics.json"));
        assertTrue(json.contains("\"verdict\": \"disagrees\"")
                && json.contains("\"steps\": 5,"), json);
        assertTrue(Files.readString(out.resolve("summary.md")).contains("| **no** |"));
        assertEquals(2, TrainCommandTest.run("reproduce", "zhu2021-etf", "--max-steps", "0")
                .exit());
    }

    /**
     * A real-network experiment end to end on generated stand-in data, one epoch per run: every
     * claim gets an answer, the summary its tables and figures (seconds).
     */
    @ParameterizedTest
    @EnumSource(MlpExperiment.class)
    void aRealNetworkExperimentAnswersEveryClaimOnGivenData(MlpExperiment e) throws IOException {
        Path data = dir.resolve("data");
        FashionMnistFiles.write(data, 5000, 200, 4);
        Path out = dir.resolve(e.id());
        Run r = TrainCommandTest.run("reproduce", e.id(), "--data", data.toString(),
                "--max-epochs", "1", "--quiet", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        long claims = e.runs().stream().mapToLong(run -> run.claims().size()).sum();
        Matcher tally = Pattern.compile("claims: (\\d+) yes, (\\d+) partly, (\\d+) no")
                .matcher(r.out());
        assertTrue(tally.find(), r.out());
        assertEquals(claims, Long.parseLong(tally.group(1)) + Long.parseLong(tally.group(2))
                + Long.parseLong(tally.group(3)));
        String summary = Files.readString(out.resolve("summary.md"));
        for (String text : List.of("| claim |", "samples/s", "NC share")) {
            assertTrue(summary.contains(text), text + " in " + summary);
        }
        for (MlpExperiment.Run run : e.runs()) {
            assertTrue(summary.contains(run.name() + "-nc1.png"), run.name());
            assertTrue(Files.isRegularFile(out.resolve(run.name()).resolve("metrics.json")));
            for (MlpExperiment.Claim claim : run.claims()) {
                assertTrue(summary.contains(claim.statement()), claim.statement());
            }
        }
        Run bad = TrainCommandTest.run("reproduce", e.id(), "--max-epochs", "0");
        assertEquals(2, bad.exit());
    }

    /** The real-network experiment is handed to {@code nc4j mlp} with the output folder. */
    @Test
    void theRealNetworkIsHandedToTheMlpCommand() {
        List<String> received = new ArrayList<>();
        CommandLine cli = new CommandLine(new Root()).addSubcommand(new ReproduceCommand())
                .addSubcommand("mlp", new CommandLine(new MlpStub(received)));
        Path out = dir.resolve("mlp");
        assertEquals(0, cli.execute("reproduce", "papyan2020-mlp", "--quiet", "--out",
                out.toString()));
        assertEquals(List.of("--dataset", "fashion-mnist", "--out", out.toString(), "--quiet"),
                received);
    }

    @Test
    void withoutTheMlpCommandTheRealNetworkSaysWhatIsMissing() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Root()).addSubcommand(new ReproduceCommand());
        cli.setErr(new PrintWriter(err));
        assertEquals(1, cli.execute("reproduce", "papyan2020-mlp", "--out",
                dir.resolve("mlp").toString()));
        assertTrue(err.toString().contains("`nc4j mlp --dataset fashion-mnist --out DIR`"),
                err.toString());
    }

    @Command(name = "nc4j")
    private static final class Root {
    }

    /** Records its arguments in place of the real {@code mlp} command. */
    @Command(name = "mlp")
    private static final class MlpStub implements Callable<Integer> {
        private final List<String> received;

        @Option(names = "--dataset")
        private String dataset;
        @Option(names = "--out")
        private String out;
        @Option(names = "--quiet")
        private boolean quiet;

        MlpStub(List<String> received) {
            this.received = received;
        }

        @Override
        public Integer call() {
            received.addAll(List.of("--dataset", dataset, "--out", out));
            if (quiet) {
                received.add("--quiet");
            }
            return 0;
        }
    }
}
