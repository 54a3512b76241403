package io.sfsync.cli;

import io.sfsync.app.SfsyncApplication;
import io.sfsync.status.StepRow;
import io.sfsync.status.StepStatus;
import io.sfsync.status.StepTable;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the sync service: a cycle right after start-up, then on sfsync.cycle.cron.",
            "With --once: runs one cycle, prints its steps and exits: 0 when every step completed and",
            "no record went to the dead-letter store, 1 otherwise."})
public final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Option(names = "--once", description = "Run one cycle, print the steps it ran, and exit.")
    boolean once;

    @Override
    public Integer call() throws Exception {
        Properties props = config.load();
        if (!once) {
            SfsyncApplication.create(props).runUntilStopped();
            return 0;
        }
        props.setProperty("sfsync.cycle.scheduled", "false");
        try (SfsyncApplication app = SfsyncApplication.create(props).start()) {
            String cycleId = app.runCycle();
            List<StepRow> steps = app.stepLog().cycle(cycleId);
            spec.commandLine().getOut().print(StepTable.render(steps));
            return succeeded(steps) ? 0 : 1;
        }
    }

    /** Every step completed, and none sent a record to the dead-letter store. */
    static boolean succeeded(List<StepRow> steps) {
        return !steps.isEmpty() && steps.stream()
                .allMatch(s -> s.status().equals(StepStatus.COMPLETED.label()) && s.failed() == 0);
    }
}
