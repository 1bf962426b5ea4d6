// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The part of Aave v3's IPool (aave/aave-v3-core contracts/interfaces/IPool.sol) the adapter uses.
interface IPool {
    function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode) external;

    function withdraw(address asset, uint256 amount, address to) external returns (uint256);
}
