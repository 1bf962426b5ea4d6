// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {CantonKeyRegistry} from "./CantonKeyRegistry.sol";

/// @title CantonDeFiVault
/// @notice Holds an institution's funds on an EVM chain and runs DeFi intents that the institution
/// authorized on Canton. A relayer submits each intent with an EIP-712 signature by the key that
/// the registry holds for the vault's Canton party; the vault checks it and runs a whitelisted adapter.
///
/// Adapters run by DELEGATECALL, not CALL. Why: the funds and the protocol positions (aTokens,
/// cTokens, swap outputs) must stay in the vault, with the vault as the protocol's `msg.sender` and
/// `onBehalfOf`. With CALL every action would first move tokens to the adapter and back, and a bug
/// or a protocol callback could strand them there. The price is that an adapter's code runs with the
/// vault's storage and balance, so adapters are trusted code: the owner whitelists each one and each
/// of its selectors; adapters are stateless (no storage variables; configuration in immutables, which
/// live in code) and never write storage or self-destruct.
contract CantonDeFiVault is Ownable2Step, Pausable, ReentrancyGuard, EIP712 {
    /// @notice One action authorized on Canton. `data` is the adapter calldata (selector first);
    /// `value` is the wei the relayer attaches to `execute`, which the adapter sees as msg.value.
    struct Intent {
        bytes32 vaultId;
        bytes32 intentId;
        uint256 nonce;
        address adapter;
        bytes data;
        uint256 value;
        uint256 deadline;
    }

    bytes32 public constant INTENT_TYPEHASH = keccak256(
        "Intent(bytes32 vaultId,bytes32 intentId,uint256 nonce,address adapter,bytes data,uint256 value,uint256 deadline)"
    );

    /// @notice The registry that holds the authorized party's signing key.
    CantonKeyRegistry public immutable cantonSigner;
    /// @notice keccak256 of the Canton party id whose intents this vault runs.
    bytes32 public immutable authorizedPartyKey;
    bytes32 private immutable _vaultId;
    /// @notice The Canton party id whose intents this vault runs.
    string public authorizedPartyId;

    mapping(bytes32 intentId => bool used) private _usedIntents;
    mapping(address adapter => mapping(bytes4 selector => bool allowed)) private _allowedSelectors;
    /// @dev An adapter is whitelisted while at least one of its selectors is allowed.
    mapping(address adapter => uint256 count) private _allowedSelectorCount;

    event IntentExecuted(
        bytes32 indexed intentId,
        bytes32 indexed vaultId,
        address indexed adapter,
        uint256 nonce,
        bytes4 selector,
        address relayer
    );
    event AdapterSet(address indexed adapter, bytes4[] selectors, bool allowed);

    error VaultIdMismatch(bytes32 expected, bytes32 got);
    error IntentExpired(uint256 deadline);
    error IntentAlreadyUsed(bytes32 intentId);
    error AdapterNotAllowed(address adapter);
    error SelectorNotAllowed(address adapter, bytes4 selector);
    error InvalidSignature();
    error NoSignerRegistered();
    error AdapterCallFailed(bytes reason);
    /// @notice msg.value differs from the signed intent value.
    error ValueMismatch(uint256 expected, uint256 got);

    /// @param cantonSigner_ the key registry
    /// @param authorizedPartyId_ the Canton party whose intents this vault runs (fixed for its life)
    constructor(CantonKeyRegistry cantonSigner_, string memory authorizedPartyId_)
        Ownable(msg.sender)
        EIP712("CantonDeFiVault", "1")
    {
        cantonSigner = cantonSigner_;
        authorizedPartyId = authorizedPartyId_;
        bytes32 partyKey = cantonSigner_.partyKey(authorizedPartyId_);
        authorizedPartyKey = partyKey;
        _vaultId = keccak256(abi.encode(block.chainid, address(this), partyKey));
    }

    /// @notice Accepts ETH (funding the vault).
    receive() external payable {}

    /// @notice keccak256(abi.encode(chainId at deployment, this vault, partyKey(authorizedPartyId))).
    function vaultId() external view returns (bytes32) {
        return _vaultId;
    }

    /// @notice The EIP-712 digest of `intent` under this vault's domain
    /// (name "CantonDeFiVault", version "1", current chain id, this vault).
    function hashIntent(Intent calldata intent) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    INTENT_TYPEHASH,
                    intent.vaultId,
                    intent.intentId,
                    intent.nonce,
                    intent.adapter,
                    keccak256(intent.data),
                    intent.value,
                    intent.deadline
                )
            )
        );
    }

    /// @notice Runs `intent` if it is for this vault, unexpired, unused, aimed at a whitelisted adapter
    /// selector and signed by the authorized party's registered key. The intent is marked used before
    /// the adapter runs; if the adapter fails the whole call reverts and the intent stays unused.
    /// @return result the adapter's return data
    function execute(Intent calldata intent, bytes calldata signature)
        external
        payable
        whenNotPaused
        nonReentrant
        returns (bytes memory result)
    {
        // 1. The intent names this vault (chain + address + party are all in the vault id).
        if (intent.vaultId != _vaultId) revert VaultIdMismatch(_vaultId, intent.vaultId);
        // 2. Not past its deadline (inclusive). Validators' few seconds of timestamp leeway do not
        // matter for intents that live minutes to hours.
        // forge-lint: disable-next-line(block-timestamp)
        if (intent.deadline < block.timestamp) revert IntentExpired(intent.deadline);
        // 3. Never ran before.
        if (_usedIntents[intent.intentId]) revert IntentAlreadyUsed(intent.intentId);
        // 4. Whitelisted adapter and selector.
        if (_allowedSelectorCount[intent.adapter] == 0) revert AdapterNotAllowed(intent.adapter);
        bytes4 selector = bytes4(intent.data);
        if (intent.data.length < 4 || !_allowedSelectors[intent.adapter][selector]) {
            revert SelectorNotAllowed(intent.adapter, selector);
        }
        // 5. The relayer attaches exactly the signed value.
        if (msg.value != intent.value) revert ValueMismatch(intent.value, msg.value);
        // 6. Signed (EIP-712, this chain and vault) by the party's registered key, EOA or ERC-1271.
        if (cantonSigner.signerOf(authorizedPartyKey) == address(0)) revert NoSignerRegistered();
        if (!cantonSigner.isValidSignature(authorizedPartyKey, hashIntent(intent), signature)) {
            revert InvalidSignature();
        }

        // 7. Effects before interactions: mark used, then run the adapter.
        _usedIntents[intent.intentId] = true;

        bool ok;
        (ok, result) = intent.adapter.delegatecall(intent.data);
        if (!ok) revert AdapterCallFailed(result);

        emit IntentExecuted(intent.intentId, _vaultId, intent.adapter, intent.nonce, selector, msg.sender);
    }

    /// @notice Whether `intentId` has run.
    function isIntentUsed(bytes32 intentId) external view returns (bool) {
        return _usedIntents[intentId];
    }

    /// @notice Allows (or disallows) `selectors` of `adapter`. An adapter is whitelisted while at
    /// least one of its selectors is allowed; disallow all of them to delist it.
    /// Only contracts can be allowed: a DELEGATECALL to an address without code would "succeed".
    function setAdapter(address adapter, bytes4[] calldata selectors, bool allowed) external onlyOwner {
        if (allowed && adapter.code.length == 0) revert AdapterNotAllowed(adapter);
        for (uint256 i = 0; i < selectors.length; ++i) {
            bytes4 selector = selectors[i];
            if (_allowedSelectors[adapter][selector] == allowed) continue;
            _allowedSelectors[adapter][selector] = allowed;
            if (allowed) ++_allowedSelectorCount[adapter];
            else --_allowedSelectorCount[adapter];
        }
        emit AdapterSet(adapter, selectors, allowed);
    }

    /// @notice Whether intents may call `selector` on `adapter`.
    function isSelectorAllowed(address adapter, bytes4 selector) external view returns (bool) {
        return _allowedSelectors[adapter][selector];
    }

    /// @notice Whether `adapter` has at least one allowed selector.
    function isAdapterAllowed(address adapter) external view returns (bool) {
        return _allowedSelectorCount[adapter] != 0;
    }

    /// @notice Stops `execute` (owner).
    function pause() external onlyOwner {
        _pause();
    }

    /// @notice Resumes `execute` (owner).
    function unpause() external onlyOwner {
        _unpause();
    }
}
