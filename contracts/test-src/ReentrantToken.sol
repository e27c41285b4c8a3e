// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ReentrantToken
/// @notice TEST ONLY. An ERC-20 that misbehaves on purpose: while armed, every transfer out of the
///         armed victim first calls back into the victim with a prepared call, and bubbles up its
///         revert, so a test can prove the victim refuses re-entry and changes nothing.
/// @author GRID contributors
contract ReentrantToken is ERC20 {
    address private _victim;
    bytes private _reentry;

    /// @notice Creates the token with no supply.
    constructor() ERC20("Reentrant Test Token", "RTT") {}

    /// @notice Creates `amount` for `to`; anyone may, it is a test token.
    /// @param to receiver
    /// @param amount amount in base units
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms the callback: the next transfers out of `victim` first call `victim` with `reentry`.
    /// @param victim the contract to re-enter
    /// @param reentry the call data of the re-entrant call
    function arm(address victim, bytes calldata reentry) external {
        _victim = victim;
        _reentry = reentry;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == _victim && _victim != address(0)) {
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory reason) = _victim.call(_reentry);
            if (!ok) {
                // solhint-disable-next-line no-inline-assembly
                assembly ("memory-safe") {
                    revert(add(reason, 32), mload(reason))
                }
            }
        }
        super._update(from, to, value);
    }
}
