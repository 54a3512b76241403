package io.sfsync.cli;

import io.sfsync.app.SfsyncApplication;
import io.sfsync.status.StepRow;
import io.sfsync.status.StepStatus;
import io.sfsync.status.StepTable;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        SfsyncApplication app = SfsyncApplication.create(props).start();
        // SIGTERM (docker stop, a CronJob's deadline): the pull stops at its next page boundary and its
        // step is closed (Incomplete or Rolled back) before the JVM ends, as in the service.
        CountDownLatch closed = new CountDownLatch(1);
        Thread onSignal = new Thread(() -> {
            app.stopCycles();
            try {
                closed.await(app.settings().intValue("camel.main.shutdown-timeout", 1, 3600), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sfsync-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try (app) {
            String cycleId = app.runCycle();
            List<StepRow> steps = app.stepLog().cycle(cycleId);
            spec.commandLine().getOut().print(StepTable.render(steps));
            spec.commandLine().getOut().flush();
            return succeeded(steps) ? 0 : 1;
        } finally {
            closed.countDown();
            removeHook(onSignal);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: the JVM ends once it returns
        }
    }

    /** Every step completed, and none sent a record to the dead-letter store. */
    static boolean succeeded(List<StepRow> steps) {
        return !steps.isEmpty() && steps.stream()
                .allMatch(s -> s.status().equals(StepStatus.COMPLETED.label()) && s.failed() == 0);
    }
}
