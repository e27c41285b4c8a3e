package io.grid.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.grid.contracts.chain.LocalChain;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.tx.Contract;

/**
 * Asserts that a call reverts with a given custom error. web3j 5.0.0 does not decode custom errors,
 * so the call is simulated with eth_call from the same sender against the latest state and the
 * revert data's 4-byte selector is compared with the error's signature.
 */
final class Reverts {

    private Reverts() {
    }

    static void assertRevertsWith(LocalChain chain, Credentials from, Contract contract, RemoteFunctionCall<?> call,
                                  String errorSignature) {
        String data = revertData(chain, from, contract.getContractAddress(), call.encodeFunctionCall());
        String expected = Hash.sha3String(errorSignature).substring(0, 10);
        assertThat(data).as("revert data of %s", errorSignature).startsWith(expected);
    }

    static String revertData(LocalChain chain, Credentials from, String to, String callData) {
        try {
            EthCall result = chain.web3j().ethCall(Transaction.createEthCallTransaction(from.getAddress(), to, callData),
                    DefaultBlockParameterName.LATEST).send();
            if (!result.hasError()) {
                return fail("expected a revert, but the call succeeded with " + result.getValue());
            }
            String data = result.getError().getData();
            return data == null ? "" : data.replace("\"", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
