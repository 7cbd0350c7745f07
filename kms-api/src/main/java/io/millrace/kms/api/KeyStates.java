package io.millrace.kms.api;

import io.millrace.kms.errors.KmsErrors;
import io.millrace.schemas.kms.KmsKeyRecord;

/** The states of a key ("Key states of AWS KMS keys") and what each allows. */
final class KeyStates {

    static final String ENABLED = "Enabled";
    static final String DISABLED = "Disabled";
    static final String PENDING_DELETION = "PendingDeletion";

    private KeyStates() {}

    /** Encrypt, Decrypt and the data key actions need an enabled key. */
    static KmsKeyRecord usable(KmsKeyRecord key) {
        return switch (key.getKeyState()) {
            case ENABLED -> key;
            case DISABLED -> throw KmsErrors.disabled(key.getArn());
            default -> throw KmsErrors.pendingDeletion(key.getArn());
        };
    }

    /** Changes to a key pending deletion are refused until its deletion is cancelled. */
    static KmsKeyRecord notPendingDeletion(KmsKeyRecord key) {
        if (key.getKeyState().equals(PENDING_DELETION)) {
            throw KmsErrors.pendingDeletion(key.getArn());
        }
        return key;
    }

    /** AWS-managed keys are AWS's to change: their policy, state, rotation and deletion. */
    static KmsKeyRecord customerManaged(KmsKeyRecord key, String action) {
        if (key.getKeyManager().equals("AWS")) {
            throw KmsErrors.unsupported(action + " is not supported on an AWS managed key: " + key.getArn());
        }
        return key;
    }
}
