package io.grid.cli;

/** The user asked for something this command cannot do as asked (exit code 2, like a usage error). */
final class UsageProblem extends RuntimeException {

    UsageProblem(String message) {
        super(message);
    }
}
