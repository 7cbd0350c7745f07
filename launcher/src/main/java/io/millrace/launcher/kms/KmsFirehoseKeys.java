package io.millrace.launcher.kms;

import io.millrace.firehose.api.CustomerKeys;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.kinesis.model.sse.KeyService;
import io.millrace.kms.api.LocalCrypto;
import java.util.Optional;

/**
 * The customer managed keys of Firehose encryption when the KMS API runs in the same process: a key is usable when
 * this KMS has it enabled, and data keys under it come from this KMS's GenerateDataKey. Every key of this KMS is a
 * symmetric encryption key (SYMMETRIC_DEFAULT), the only kind Firehose takes.
 */
public final class KmsFirehoseKeys implements CustomerKeys {

    private final LocalCrypto kms;
    private final KeyService keys;

    public KmsFirehoseKeys(LocalCrypto kms) {
        this.kms = kms;
        this.keys = new KmsStreamKeys(kms);
    }

    @Override
    public Optional<String> whyUnusable(String keyArn) {
        try {
            kms.usableKeyArn(keyArn);
            return Optional.empty();
        } catch (ApiException e) {
            // KMS's own words: NotFoundException, DisabledException, KMSInvalidStateException.
            return Optional.of(e.type() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while creating the AWS managed key");
        }
    }

    @Override
    public KeyService keyService() {
        return keys;
    }
}
