package io.grid.contracts;

import static io.grid.contracts.Reverts.assertRevertsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.chain.LocalChainTest;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

@LocalChainTest
class OwnedRolesTest {

    @Test
    void adminRoleMovesWithTwoStepOwnership(LocalChain chain) throws Exception {
        Credentials successor = chain.user(5);
        byte[] admin = chain.market().DEFAULT_ADMIN_ROLE().send();

        chain.market().transferOwnership(successor.getAddress()).send();
        assertThat(chain.market().hasRole(admin, successor.getAddress()).send()).isFalse();
        chain.market(successor).acceptOwnership().send();

        assertThat(chain.market().owner().send()).isEqualToIgnoringCase(successor.getAddress());
        assertThat(chain.market().hasRole(admin, successor.getAddress()).send()).isTrue();
        assertThat(chain.market().hasRole(admin, chain.owner().getAddress()).send()).isFalse();
    }

    @Test
    void refusesGrantingTheAdminRoleDirectly(LocalChain chain) throws Exception {
        byte[] admin = chain.registry().DEFAULT_ADMIN_ROLE().send();

        assertRevertsWith(chain, chain.owner(), chain.registry(), chain.registry().grantRole(admin, chain.user(1).getAddress()),
                "AdminRoleFollowsOwnership()");
    }

    @Test
    void refusesRoleGrantsByNonAdmins(LocalChain chain) throws Exception {
        Credentials outsider = chain.user(1);
        byte[] platform = chain.market().PLATFORM_ROLE().send();

        assertRevertsWith(chain, outsider, chain.market(), chain.market(outsider).grantRole(platform, outsider.getAddress()),
                "AccessControlUnauthorizedAccount(address,bytes32)");
    }

    @Test
    void onlyTheOwnerMintsDevTokens(LocalChain chain) {
        Credentials outsider = chain.user(1);

        assertRevertsWith(chain, outsider, chain.token(), chain.token(outsider).mint(outsider.getAddress(), BigInteger.ONE),
                "OwnableUnauthorizedAccount(address)");
    }
}
