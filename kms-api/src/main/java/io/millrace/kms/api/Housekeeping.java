package io.millrace.kms.api;

import io.millrace.kms.store.KmsStore;
import io.millrace.schemas.kms.KmsAliasRecord;
import io.millrace.schemas.kms.KmsKeyRecord;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What falls due while no one calls: a key whose deletion date has passed is deleted with its aliases ("After the
 * waiting period ends, AWS KMS deletes the KMS key"), a key whose rotation is due is rotated, and records that lost
 * a compare-and-set are written again. Every gateway runs it; the compare-and-set of each change, and tombstones
 * that are harmless twice, let them run together.
 */
public final class Housekeeping implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    private final KmsStore store;
    private final RotationActions rotation;
    private final Clock clock;

    Housekeeping(KmsStore store, RotationActions rotation, Clock clock) {
        this.store = store;
        this.rotation = rotation;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            long now = clock.millis();
            for (KmsKeyRecord key : List.copyOf(store.keys())) {
                if (key.getKeyState().equals(KeyStates.PENDING_DELETION)
                        && key.getDeletionDateMillis() != null
                        && key.getDeletionDateMillis() <= now) {
                    delete(key);
                } else if (key.getRotationEnabled()) {
                    rotation.rotateIfDue(key);
                }
            }
            store.repair();
        } catch (RuntimeException e) {
            LOG.warn("KMS housekeeping failed, it runs again at the next interval: {}", e.toString());
        }
    }

    private void delete(KmsKeyRecord key) {
        for (KmsAliasRecord alias : List.copyOf(store.aliases())) {
            if (alias.getTargetKeyId().equals(key.getKeyId())) {
                store.removeAlias(alias);
            }
        }
        store.removeKey(key).join();
        LOG.info("KMS key {} deleted: its waiting period ended", key.getKeyId());
    }
}
