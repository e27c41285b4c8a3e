package io.grid.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A {@code grid} command: reaches the root's shared options, clients and output. */
abstract class GridCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    Grid grid() {
        return (Grid) spec.root().userObject();
    }

    Output out() {
        return grid().output();
    }

    @Override
    public final Integer call() throws Exception {
        run();
        return 0;
    }

    abstract void run() throws Exception;
}
