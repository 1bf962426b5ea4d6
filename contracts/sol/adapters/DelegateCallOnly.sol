// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Base of the vault's adapters. Adapters run by DELEGATECALL from CantonDeFiVault, in the
/// vault's context (its balance, its storage, the vault as msg.sender to protocols); called directly
/// they would act on their own empty balance, so direct calls are refused to avoid confusion.
/// Adapters must stay stateless: no storage variables, configuration in immutables only.
abstract contract DelegateCallOnly {
    address private immutable _self = address(this);

    /// @notice The adapter was called directly instead of through the vault's DELEGATECALL.
    error DelegateCallOnlyAdapter();

    modifier onlyDelegateCall() {
        if (address(this) == _self) revert DelegateCallOnlyAdapter();
        _;
    }
}
