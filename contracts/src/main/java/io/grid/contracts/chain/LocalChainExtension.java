package io.grid.contracts.chain;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension behind {@link LocalChainTest}. One Anvil per JVM (started on first use, stopped
 * when the test run ends) keeps test time low; before each test the chain is reverted to a snapshot
 * taken right after deployment, so tests never see each other's state.
 */
public final class LocalChainExtension implements ParameterResolver, BeforeEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalChainExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalChain.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context).chain();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        shared(context).resetToDeployment();
    }

    private static SharedChain shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SharedChain.class, type -> new SharedChain(), SharedChain.class);
    }

    /** The JVM's chain and the snapshot of its freshly deployed state; closed by JUnit at the end of the run. */
    private static final class SharedChain implements ExtensionContext.Store.CloseableResource {
        private final LocalChain chain = LocalChain.start();
        private String deployed = chain.snapshot();

        LocalChain chain() {
            return chain;
        }

        synchronized void resetToDeployment() {
            chain.revert(deployed);
            // Anvil keeps the clock offset of earlier evm_increaseTime calls across a revert; an empty
            // block brings the latest timestamp up to the clock the next transaction will see.
            chain.mine();
            deployed = chain.snapshot(); // a snapshot is used up by reverting to it
        }

        @Override
        public void close() {
            chain.close();
        }
    }
}
