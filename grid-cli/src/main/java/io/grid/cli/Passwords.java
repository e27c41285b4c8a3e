package io.grid.cli;

import java.io.Console;
import java.util.Arrays;
import java.util.Map;

/**
 * Where keystore passwords come from: the environment variable {@code GRID_KEY_PASSWORD} when set, else a
 * prompt on the terminal. Never from the command line, where other users and shell history would see it.
 */
interface Passwords {

    /** The environment variable holding the keystore password for unattended use. */
    String ENV = "GRID_KEY_PASSWORD";

    /** @return the password to open a keystore, asked with {@code prompt} */
    String password(String prompt);

    /** @return a new password, asked twice on a terminal */
    String newPassword(String prompt);

    /** Passwords from {@code GRID_KEY_PASSWORD}, else from the terminal. */
    static Passwords fromConsole(Map<String, String> env) {
        return new Passwords() {
            @Override
            public String password(String prompt) {
                String fromEnv = env.get(ENV);
                if (fromEnv != null && !fromEnv.isEmpty()) {
                    return fromEnv;
                }
                return read(prompt);
            }

            @Override
            public String newPassword(String prompt) {
                String fromEnv = env.get(ENV);
                if (fromEnv != null && !fromEnv.isEmpty()) {
                    return fromEnv;
                }
                String first = read(prompt);
                String second = read("Once more: ");
                if (!first.equals(second)) {
                    throw new UsageProblem("the two passwords differ");
                }
                return first;
            }
        };
    }

    private static String read(String prompt) {
        Console console = System.console();
        if (console == null) {
            throw new UsageProblem("no terminal to ask for the keystore password: set " + ENV);
        }
        char[] typed = console.readPassword("%s", prompt);
        if (typed == null || typed.length == 0) {
            throw new UsageProblem("no password given");
        }
        String password = new String(typed);
        Arrays.fill(typed, '\0');
        return password;
    }
}
