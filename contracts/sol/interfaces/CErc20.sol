// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The part of Compound v2's CErc20 (compound-finance/compound-protocol contracts/CErc20.sol) the
/// adapter uses. Compound v2 reports many failures as a non-zero return code instead of reverting.
interface CErc20 {
    function underlying() external view returns (address);

    function mint(uint256 mintAmount) external returns (uint256);

    function redeem(uint256 redeemTokens) external returns (uint256);
}
