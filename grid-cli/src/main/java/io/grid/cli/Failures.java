package io.grid.cli;

import io.grid.client.ChainNode;
import io.grid.client.GridProblemException;
import io.grid.client.GridTimeoutException;
import io.grid.client.GridUnavailableException;
import io.grid.client.KeySigner;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Turns what went wrong into one line of advice and an exit code per class of failure, so scripts can tell
 * "the server said no" from "the server is down" from "you mistyped".
 */
final class Failures {

    /** The server refused the request (a 4xx problem); the advice says why and what to do. */
    static final int REFUSED = 3;
    /** Usage: a bad argument or option, or something missing locally (exit code 2 as picocli's own). */
    static final int USAGE = 2;
    /** A server or the chain node could not be reached, or failed (5xx). */
    static final int UNAVAILABLE = 4;
    /** A wait ran out of time. */
    static final int TIMEOUT = 5;
    /** The keystore: missing, unreadable, or the password does not open it. */
    static final int ACCOUNT = 6;
    /** The chain node refused a transaction (e.g. too few tokens or too little gas). */
    static final int CHAIN_REFUSED = 7;
    /** Anything else: a bug; the message says what. */
    static final int OTHER = 1;

    private static final Map<String, String> ADVICE = new LinkedHashMap<>();

    static {
        ADVICE.put("INSUFFICIENT_CREDITS", "buy credits first: 'grid pay AMOUNT', then 'grid credits'");
        ADVICE.put("TRANSFER_NOT_CONFIRMED", "the transfer needs more confirmations; wait for more blocks and "
                + "run the command again");
        ADVICE.put("TRANSFER_REJECTED", "this transaction will not be credited: send tokens with 'grid pay'");
        ADVICE.put("PROVIDER_NOT_REGISTERED", "that address is no registered provider; see 'grid providers'");
        ADVICE.put("ALREADY_REGISTERED", "this account is registered already; change its terms with "
                + "'grid provider update --terms FILE'");
        ADVICE.put("UNKNOWN_ORDER", "no such order; see 'grid order list'");
        ADVICE.put("ORDER_NOT_OPEN", "the order is not open (any more); see 'grid order show ORDER'");
        ADVICE.put("ORDER_ENDED", "the order has ended; create a new one with 'grid order create'");
        ADVICE.put("ORDER_EXPIRED", "the order has ended; create a new one with 'grid order create'");
        ADVICE.put("ORDER_NOT_ACCEPTED", "the gateway has not accepted the order yet: run 'grid deploy ORDER' "
                + "again, it greets the gateway first");
        ADVICE.put("ORDER_TOO_SMALL", "the app needs more than the order holds; order more resources or pick "
                + "a smaller app");
        ADVICE.put("INSUFFICIENT_CAPACITY", "the provider has not that much free now; order less or pick "
                + "another provider ('grid providers')");
        ADVICE.put("UNDERPAID", "the order pays less than the provider's prices now; create a new order at "
                + "today's quote");
        ADVICE.put("OTHER_PROVIDER", "this gateway is not the order's provider; deploy through the provider "
                + "the order names");
        ADVICE.put("WRONG_PAYEE", "this gateway is not the order's payee; deploy through the provider the "
                + "order names");
        ADVICE.put("NOT_ORDER_USER", "only the account that made the order may do this: use --account");
        ADVICE.put("SIGNATURE_MISMATCH", "the signature is not the named account's: check --account");
        ADVICE.put("INVALID_SIGNATURE", "the signature is not the named account's: check --account");
        ADVICE.put("SIGNATURE_EXPIRED", "the signature's deadline passed; run the command again");
        ADVICE.put("NONCE_MISMATCH", "another signed action of this account went first; run the command again");
        ADVICE.put("PRICE_ABOVE_LIMIT", "the provider raised its prices since the quote; run 'grid quote' and "
                + "order again");
        ADVICE.put("COST_ABOVE_LIMIT", "the provider raised its prices since the quote; run 'grid quote' and "
                + "order again");
        ADVICE.put("COOKIE_MISSING", "sign in again: 'grid deploy' or 'grid app status' does it");
        ADVICE.put("COOKIE_INVALID", "sign in again: 'grid deploy' or 'grid app status' does it");
        ADVICE.put("COOKIE_EXPIRED", "the session ended; 'grid app status ORDER' signs in again");
        ADVICE.put("MESSAGE_EXPIRED", "the sign-in text expired; run the command again");
        ADVICE.put("UNKNOWN_TEMPLATE", "see the gateway's apps with 'grid app catalog ORDER'");
        ADVICE.put("WORKLOAD_REFUSED", "the gateway refused parts of the YAML; fix what the lines above name");
        ADVICE.put("CLUSTER_REFUSED", "the provider's cluster refused the app; the order is refunded in full");
        ADVICE.put("CHAIN_REFUSED", "the chain refused the transaction; see the detail above");
        ADVICE.put("CHAIN_UNAVAILABLE", "the platform cannot reach its chain now; try again shortly");
        ADVICE.put("RELAY_PENDING", "the platform is still sending an earlier transaction; try again shortly");
        ADVICE.put("DATABASE_UNAVAILABLE", "the platform cannot reach its database now; try again shortly");
        ADVICE.put("CLUSTER_UNAVAILABLE", "the provider's cluster does not answer now; try again shortly");
        ADVICE.put("NOT_FOUND", "check the id or address given ('grid order list', 'grid providers'), and that "
                + "--platform names the GRID platform");
        ADVICE.put("INVALID_INPUT", "fix the value named above");
        ADVICE.put("MALFORMED_REQUEST", "fix the value named above");
    }

    private Failures() {
    }

    /** @return the one line of advice for a problem's reason, or null when there is none */
    static String advice(String reason) {
        return ADVICE.get(reason);
    }

    static int exitCode(Throwable e) {
        if (e instanceof GridProblemException problem) {
            return problem.status() >= 500 ? UNAVAILABLE : REFUSED;
        }
        if (e instanceof KeySigner.WrongPasswordException || e instanceof Accounts.AccountProblem) {
            return ACCOUNT;
        }
        if (e instanceof ChainNode.ChainRefusedException) {
            return CHAIN_REFUSED;
        }
        if (e instanceof GridUnavailableException) {
            return UNAVAILABLE;
        }
        if (e instanceof GridTimeoutException) {
            return TIMEOUT;
        }
        if (e instanceof UsageProblem || e instanceof IllegalArgumentException
                || e instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        return OTHER;
    }

    /** Prints the failure (as a problem object in JSON mode) and returns its exit code. */
    static int report(Exception e, Output output, PrintWriter err) {
        int code = exitCode(e);
        if (e instanceof GridProblemException problem) {
            err.println("grid: refused (" + problem.status() + " " + problem.reason() + "): " + problem.detail());
            for (String violation : problem.problem().violations()) {
                err.println("  - " + violation);
            }
            String advice = advice(problem.reason());
            if (advice != null) {
                err.println("  " + advice);
            }
            output.data(problem.problem());
        } else if (code == OTHER) {
            err.println("grid: failed: " + e);
        } else {
            err.println("grid: " + e.getMessage());
        }
        err.flush();
        return code;
    }
}
