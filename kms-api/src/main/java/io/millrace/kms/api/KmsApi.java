package io.millrace.kms.api;

import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.kms.crypto.RootKey;
import io.millrace.kms.store.KmsStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;

/** The KMS API ({@code TrentService}, JSON 1.1, signing name {@code kms}) on the gateway. */
public final class KmsApi {

    public static final String TARGET_PREFIX = "TrentService";

    /** Actions of the API that this endpoint does not serve: refused with a message that says so. */
    private static final List<String> UNSUPPORTED = List.of(
            "CreateGrant",
            "ListGrants",
            "ListRetirableGrants",
            "RetireGrant",
            "RevokeGrant",
            "Sign",
            "Verify",
            "GetPublicKey",
            "GenerateMac",
            "VerifyMac",
            "GenerateDataKeyPair",
            "GenerateDataKeyPairWithoutPlaintext",
            "GenerateRandom",
            "DeriveSharedSecret",
            "GetParametersForImport",
            "ImportKeyMaterial",
            "DeleteImportedKeyMaterial",
            "CreateCustomKeyStore",
            "DeleteCustomKeyStore",
            "DescribeCustomKeyStores",
            "UpdateCustomKeyStore",
            "ConnectCustomKeyStore",
            "DisconnectCustomKeyStore",
            "ReplicateKey",
            "UpdatePrimaryRegion",
            "TagResource",
            "UntagResource",
            "ListResourceTags",
            "UpdateKeyDescription",
            "ListKeyRotations");

    private KmsApi() {}

    /** The actions, the managed keys other services use and the periodic work, all over {@code store}. */
    public record Wiring(
            ActionRegistry actions, ManagedKeys managedKeys, Housekeeping housekeeping, LocalCrypto localCrypto) {}

    /**
     * Reads and crypto run on the I/O thread (memory and one AES operation); writes wait on the log and run on
     * {@code writers}.
     */
    public static Wiring wire(
            KmsStore store, RootKey root, String region, String accountId, Executor writers, Clock clock) {
        Keys keys = new Keys(store, region, accountId);
        KeyMaterials materials = new KeyMaterials(root);
        KeyActions keyActions = new KeyActions(keys, materials, clock);
        RotationActions rotation = new RotationActions(keys, keyActions, materials, clock);
        AliasActions aliases = new AliasActions(keys, clock);
        CryptoActions crypto = new CryptoActions(keys, materials);
        ActionRegistry actions = ActionRegistry.forService(TARGET_PREFIX, "kms")
                .access(new KmsAccess(keys))
                .on(writers, "CreateKey", keyActions::create)
                .onIoThread("DescribeKey", keyActions::describe)
                .onIoThread("ListKeys", keyActions::list)
                .on(writers, "EnableKey", keyActions::enable)
                .on(writers, "DisableKey", keyActions::disable)
                .on(writers, "ScheduleKeyDeletion", keyActions::scheduleDeletion)
                .on(writers, "CancelKeyDeletion", keyActions::cancelDeletion)
                .onIoThread("GetKeyPolicy", keyActions::getPolicy)
                .on(writers, "PutKeyPolicy", keyActions::putPolicy)
                .onIoThread("ListKeyPolicies", keyActions::listPolicies)
                .on(writers, "CreateAlias", aliases::create)
                .on(writers, "UpdateAlias", aliases::update)
                .on(writers, "DeleteAlias", aliases::delete)
                .onIoThread("ListAliases", aliases::list)
                .on(writers, "EnableKeyRotation", rotation::enable)
                .on(writers, "DisableKeyRotation", rotation::disable)
                .onIoThread("GetKeyRotationStatus", rotation::status)
                .on(writers, "RotateKeyOnDemand", rotation::rotateNow)
                .onIoThread("Encrypt", crypto::encrypt)
                .onIoThread("Decrypt", crypto::decrypt)
                .onIoThread("ReEncrypt", crypto::reEncrypt)
                .onIoThread("GenerateDataKey", crypto::generateDataKey)
                .onIoThread("GenerateDataKeyWithoutPlaintext", crypto::generateDataKeyWithoutPlaintext)
                .unsupported(UNSUPPORTED)
                .build();
        ManagedKeys managed = new ManagedKeys(keys, keyActions, aliases);
        return new Wiring(
                actions, managed, new Housekeeping(store, rotation, clock), new LocalCrypto(keys, crypto, managed));
    }
}
