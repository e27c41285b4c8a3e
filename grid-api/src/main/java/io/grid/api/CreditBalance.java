package io.grid.api;

import java.math.BigInteger;

/**
 * A user's credits, in token base units.
 *
 * @param user      the account
 * @param available credits free to spend on orders or to withdraw
 * @param escrowed  credits held by open orders
 */
public record CreditBalance(Address user, BigInteger available, BigInteger escrowed) {

    public CreditBalance {
        Require.present(user, "user");
        Require.amount(available, "available");
        Require.amount(escrowed, "escrowed");
    }
}
