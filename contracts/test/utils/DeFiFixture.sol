// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CantonDeFiVault} from "../../sol/CantonDeFiVault.sol";
import {CantonKeyRegistry} from "../../sol/CantonKeyRegistry.sol";
import {AaveV3Adapter} from "../../sol/adapters/AaveV3Adapter.sol";
import {CompoundV2Adapter} from "../../sol/adapters/CompoundV2Adapter.sol";
import {UniswapV3Adapter} from "../../sol/adapters/UniswapV3Adapter.sol";
import {TestAavePool} from "../protocols/TestAavePool.sol";
import {TestCToken} from "../protocols/TestCToken.sol";
import {TestERC20} from "../protocols/TestERC20.sol";
import {TestSwapRouter} from "../protocols/TestSwapRouter.sol";
import {TestBase} from "./TestBase.sol";
import {vm} from "./Vm.sol";

/// @notice The stack every vault test starts from: registry with the party's key, a vault owned by this
/// test contract, the three adapters whitelisted, test protocols with liquidity, a funded vault.
abstract contract DeFiFixture is TestBase {
    string internal constant PARTY = "institution::1220aa11bb22cc33dd44ee55ff66";
    uint256 internal constant SIGNER_PK = 0xA11CE;
    uint256 internal constant OTHER_PK = 0xB0B;
    address internal constant RELAYER = address(0xBEEF);
    uint24 internal constant FEE = 3000;
    uint256 internal constant VAULT_USDC = 1_000_000e6;
    uint256 internal constant VAULT_WETH = 100e18;

    address internal signer;
    CantonKeyRegistry internal registry;
    CantonDeFiVault internal vault;
    TestERC20 internal usdc;
    TestERC20 internal weth;
    TestAavePool internal aavePool;
    TestSwapRouter internal swapRouter;
    TestCToken internal cUsdc;
    AaveV3Adapter internal aaveAdapter;
    UniswapV3Adapter internal uniswapAdapter;
    CompoundV2Adapter internal compoundAdapter;
    uint256 private _nextNonce;

    function setUp() public virtual {
        vm.warp(1_800_000_000);
        signer = vm.addr(SIGNER_PK);
        registry = new CantonKeyRegistry();
        registry.registerKey(PARTY, signer);
        vault = new CantonDeFiVault(registry, PARTY);

        usdc = new TestERC20("Test USD Coin", "tUSDC", 6);
        weth = new TestERC20("Test Wrapped Ether", "tWETH", 18);
        aavePool = new TestAavePool();
        swapRouter = new TestSwapRouter();
        // 1 USDC = 1/2000 WETH: one USDC unit (1e-6 USDC) buys 5e8 wei, scaled by 1e18.
        swapRouter.setPrice(address(usdc), address(weth), FEE, 5e26);
        swapRouter.setPrice(address(weth), address(usdc), FEE, 2000e6);
        weth.mint(address(swapRouter), 1_000e18);
        usdc.mint(address(swapRouter), 10_000_000e6);
        cUsdc = new TestCToken(address(usdc), 2e16, "Test Compound USDC", "tcUSDC");

        aaveAdapter = new AaveV3Adapter(aavePool);
        uniswapAdapter = new UniswapV3Adapter(swapRouter);
        compoundAdapter = new CompoundV2Adapter();
        vault.setAdapter(
            address(aaveAdapter), _selectors(AaveV3Adapter.supply.selector, AaveV3Adapter.withdraw.selector), true
        );
        vault.setAdapter(address(uniswapAdapter), _selectors(UniswapV3Adapter.swapExactInputSingle.selector), true);
        vault.setAdapter(
            address(compoundAdapter),
            _selectors(CompoundV2Adapter.supply.selector, CompoundV2Adapter.redeem.selector),
            true
        );

        usdc.mint(address(vault), VAULT_USDC);
        weth.mint(address(vault), VAULT_WETH);
    }

    function _selectors(bytes4 a) internal pure returns (bytes4[] memory s) {
        s = new bytes4[](1);
        s[0] = a;
    }

    function _selectors(bytes4 a, bytes4 b) internal pure returns (bytes4[] memory s) {
        s = new bytes4[](2);
        s[0] = a;
        s[1] = b;
    }

    /// @dev A fresh intent for `vault_`, unique id and nonce, one hour to live.
    function _intentFor(CantonDeFiVault vault_, address adapter, bytes memory data)
        internal
        returns (CantonDeFiVault.Intent memory intent)
    {
        uint256 nonce = ++_nextNonce;
        intent = CantonDeFiVault.Intent({
            vaultId: vault_.vaultId(),
            intentId: keccak256(abi.encode("intent", address(vault_), nonce)),
            nonce: nonce,
            adapter: adapter,
            data: data,
            value: 0,
            deadline: block.timestamp + 1 hours
        });
    }

    function _intent(address adapter, bytes memory data) internal returns (CantonDeFiVault.Intent memory) {
        return _intentFor(vault, adapter, data);
    }

    function _sign(uint256 pk, CantonDeFiVault.Intent memory intent) internal view returns (bytes memory) {
        return signDigest(pk, vault.hashIntent(intent));
    }

    function _aaveSupply(uint256 amount) internal view returns (bytes memory) {
        return abi.encodeCall(AaveV3Adapter.supply, (address(usdc), amount));
    }

    function _execute(CantonDeFiVault.Intent memory intent, bytes memory signature) internal returns (bytes memory) {
        vm.prank(RELAYER);
        return vault.execute(intent, signature);
    }
}
