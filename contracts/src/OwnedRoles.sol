// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

/// @title OwnedRoles
/// @notice Roles administered by a two-step owner: the admin role always follows ownership, so
///         handing the contract over needs the new owner to accept, and a typo cannot lose it.
/// @author GRID contributors
abstract contract OwnedRoles is AccessControl, Ownable2Step {
    /// @notice The admin role cannot be granted, revoked or renounced directly; it follows ownership.
    error AdminRoleFollowsOwnership();

    /// @notice Makes `initialOwner` owner and role admin.
    /// @param initialOwner owner and holder of the admin role
    constructor(address initialOwner) Ownable(initialOwner) {}

    /// @dev Moves the admin role with ownership (called on accept and on renounce).
    function _transferOwnership(address newOwner) internal virtual override {
        address previous = owner();
        super._transferOwnership(newOwner);
        if (previous != address(0)) {
            _revokeRole(DEFAULT_ADMIN_ROLE, previous);
        }
        if (newOwner != address(0)) {
            _grantRole(DEFAULT_ADMIN_ROLE, newOwner);
        }
    }

    /// @notice Grants `role` to `account`; the admin role itself only moves with ownership.
    /// @param role the role
    /// @param account the account receiving it
    function grantRole(bytes32 role, address account) public virtual override {
        if (role == DEFAULT_ADMIN_ROLE) revert AdminRoleFollowsOwnership();
        super.grantRole(role, account);
    }

    /// @notice Revokes `role` from `account`; the admin role itself only moves with ownership.
    /// @param role the role
    /// @param account the account losing it
    function revokeRole(bytes32 role, address account) public virtual override {
        if (role == DEFAULT_ADMIN_ROLE) revert AdminRoleFollowsOwnership();
        super.revokeRole(role, account);
    }

    /// @notice Gives up `role` held by the caller; the admin role itself only moves with ownership.
    /// @param role the role
    /// @param callerConfirmation the caller's own address
    function renounceRole(bytes32 role, address callerConfirmation) public virtual override {
        if (role == DEFAULT_ADMIN_ROLE) revert AdminRoleFollowsOwnership();
        super.renounceRole(role, callerConfirmation);
    }
}
