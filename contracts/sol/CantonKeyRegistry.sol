// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/// @title CantonKeyRegistry
/// @notice Maps a Canton party (by id) to the EVM key that signs that party's DeFi intents.
/// The owner (a multisig in production) registers, rotates and revokes keys. A signer is either
/// an EOA (ECDSA) or a contract (ERC-1271); both are checked through OpenZeppelin SignatureChecker.
contract CantonKeyRegistry is Ownable2Step {
    /// @dev partyKey => signer; zero when the party has no key.
    mapping(bytes32 partyKey => address signer) private _signers;

    event KeyRegistered(bytes32 indexed partyKey, string partyId, address indexed signer);
    event KeyRevoked(bytes32 indexed partyKey, string partyId, address indexed signer);

    /// @notice The signer given to registerKey was the zero address.
    error ZeroSigner();
    /// @notice revokeKey was called for a party that has no key.
    error KeyNotRegistered(bytes32 partyKey);

    /// @notice The deployer owns the registry; hand it to the multisig with transferOwnership/acceptOwnership.
    constructor() Ownable(msg.sender) {}

    /// @notice keccak256 of the UTF-8 party id, e.g. "institution::1220ab…".
    function partyKey(string memory partyId) public pure returns (bytes32) {
        return keccak256(bytes(partyId));
    }

    /// @notice Registers `signer` for `partyId`, replacing (rotating) any key it had.
    function registerKey(string calldata partyId, address signer) external onlyOwner {
        if (signer == address(0)) revert ZeroSigner();
        bytes32 key = partyKey(partyId);
        _signers[key] = signer;
        emit KeyRegistered(key, partyId, signer);
    }

    /// @notice Removes the key of `partyId`: its intents no longer verify.
    function revokeKey(string calldata partyId) external onlyOwner {
        bytes32 key = partyKey(partyId);
        address signer = _signers[key];
        if (signer == address(0)) revert KeyNotRegistered(key);
        delete _signers[key];
        emit KeyRevoked(key, partyId, signer);
    }

    /// @notice The signer registered for `key`, or the zero address when there is none.
    function signerOf(bytes32 key) external view returns (address) {
        return _signers[key];
    }

    /// @notice Whether `signature` over `digest` is valid for the party's registered signer:
    /// ECDSA (low-s, 65 bytes) when the signer has no code, ERC-1271 when it is a contract.
    /// False when no signer is registered.
    function isValidSignature(bytes32 key, bytes32 digest, bytes calldata signature) external view returns (bool) {
        address signer = _signers[key];
        if (signer == address(0)) return false;
        return SignatureChecker.isValidSignatureNow(signer, digest, signature);
    }
}
