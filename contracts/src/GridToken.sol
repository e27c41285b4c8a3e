// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

/// @title GridToken
/// @notice A plain ERC-20 for development and tests: the owner can mint. Production markets
///         take any ERC-20 at deployment; nothing depends on this token.
/// @author GRID contributors
contract GridToken is ERC20, Ownable2Step {
    /// @notice Deploys the token with no supply.
    /// @param name_ token name
    /// @param symbol_ token symbol
    /// @param initialOwner the account allowed to mint
    constructor(string memory name_, string memory symbol_, address initialOwner)
        ERC20(name_, symbol_)
        Ownable(initialOwner)
    {}

    /// @notice Creates `amount` base units for `to`.
    /// @dev Only the owner; emits the ERC-20 {Transfer} event from the zero address.
    /// @param to receiver of the new tokens
    /// @param amount amount in base units
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}
