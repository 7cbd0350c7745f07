package io.millrace.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.protocol.WireFormat;
import io.millrace.kms.testkit.KmsGateway;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/** The permission each KMS call needs, as the gateway asks before handling it: AWS's resources for each action. */
class KmsAccessIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KmsGateway gateway;
    private static KmsClient kms;
    private static KeyMetadata key;

    @BeforeAll
    static void start() {
        gateway = KmsGateway.start("__millrace_kms_access_it");
        kms = gateway.client();
        key = kms.createKey(r -> r.description("access")).keyMetadata();
        kms.createAlias(r -> r.aliasName("alias/access").targetKeyId(key.keyId()));
    }

    @AfterAll
    static void stop() {
        kms.close();
        gateway.close();
    }

    private static List<AccessRequest> access(String action, String... membersAndValues) {
        ObjectNode body = JSON.createObjectNode();
        for (int i = 0; i < membersAndValues.length; i += 2) {
            body.put(membersAndValues[i], membersAndValues[i + 1]);
        }
        AwsService api = gateway.service().apis().get(0);
        return api.access(new AwsRequest(
                api.targetPrefix(),
                action,
                body,
                WireFormat.JSON,
                KmsGateway.REGION,
                KmsGateway.ACCOUNT,
                Instant.now(),
                Principal.root(KmsGateway.ACCOUNT)));
    }

    @Test
    void keyActionsNeedTheirPermissionOnTheKeyArnWhateverFormNamesIt() {
        for (String id :
                List.of(key.keyId(), key.arn(), "alias/access", "arn:aws:kms:us-east-1:123456789012:alias/access")) {
            assertThat(access("Encrypt", "KeyId", id)).containsExactly(AccessRequest.of("kms:Encrypt", key.arn()));
        }
        assertThat(access("DisableKey", "KeyId", key.keyId()))
                .containsExactly(AccessRequest.of("kms:DisableKey", key.arn()));
        assertThat(access("CreateKey")).containsExactly(AccessRequest.of("kms:CreateKey", "*"));
        assertThat(access("ListKeys")).containsExactly(AccessRequest.of("kms:ListKeys", "*"));
        assertThat(access("ListAliases")).containsExactly(AccessRequest.of("kms:ListAliases", "*"));
    }

    @Test
    void decryptWithoutKeyIdActsOnTheKeyTheBlobNames() {
        String blob = Base64.getEncoder()
                .encodeToString(kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("x")))
                        .ciphertextBlob()
                        .asByteArray());

        assertThat(access("Decrypt", "CiphertextBlob", blob))
                .containsExactly(AccessRequest.of("kms:Decrypt", key.arn()));
        assertThat(access("ReEncrypt", "CiphertextBlob", blob, "DestinationKeyId", "alias/access"))
                .containsExactly(
                        AccessRequest.of("kms:ReEncryptFrom", key.arn()),
                        AccessRequest.of("kms:ReEncryptTo", key.arn()));
    }

    @Test
    void aliasActionsNeedTheAliasAndTheKey() {
        String aliasArn = "arn:aws:kms:us-east-1:123456789012:alias/new";
        assertThat(access("CreateAlias", "AliasName", "alias/new", "TargetKeyId", key.keyId()))
                .containsExactly(
                        AccessRequest.of("kms:CreateAlias", aliasArn), AccessRequest.of("kms:CreateAlias", key.arn()));
        assertThat(access("DeleteAlias", "AliasName", "alias/access"))
                .containsExactly(
                        AccessRequest.of("kms:DeleteAlias", "arn:aws:kms:us-east-1:123456789012:alias/access"),
                        AccessRequest.of("kms:DeleteAlias", key.arn()));
    }
}
