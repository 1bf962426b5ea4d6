// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The part of Uniswap v3's ISwapRouter (Uniswap/v3-periphery contracts/interfaces/ISwapRouter.sol)
/// the adapter uses: the original SwapRouter, whose params carry a deadline (SwapRouter02's do not).
interface ISwapRouter {
    struct ExactInputSingleParams {
        address tokenIn;
        address tokenOut;
        uint24 fee;
        address recipient;
        uint256 deadline;
        uint256 amountIn;
        uint256 amountOutMinimum;
        uint160 sqrtPriceLimitX96;
    }

    function exactInputSingle(ExactInputSingleParams calldata params) external payable returns (uint256 amountOut);
}
