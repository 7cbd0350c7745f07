package io.millrace.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.kms.testkit.ClientProcess;
import io.millrace.kms.testkit.ClientProcess.Result;
import io.millrace.kms.testkit.KmsGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aws kms} (the AWS CLI v2 at /usr/bin/aws) and boto3's KMS client, unchanged, against the gateway. */
class KmsCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KmsGateway gateway;

    @BeforeAll
    static void start() {
        gateway = KmsGateway.start("__millrace_kms_cli_it");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static JsonNode aws(String... arguments) throws Exception {
        Result result = awsResult(arguments);
        assertThat(result.exit()).as(result.err()).isZero();
        return result.out().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.out());
    }

    private static Result awsResult(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/aws", "kms"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--endpoint-url", gateway.endpoint().toString(), "--output", "json"));
        return ClientProcess.run(command);
    }

    @Test
    void theAwsCliManagesKeysAndEncryptsAndDecrypts(@TempDir Path dir) throws Exception {
        JsonNode created = aws("create-key", "--description", "from the cli", "--tags", "TagKey=team,TagValue=data");
        String keyId = created.path("KeyMetadata").path("KeyId").asText();
        assertThat(created.path("KeyMetadata").path("KeyState").asText()).isEqualTo("Enabled");
        aws("create-alias", "--alias-name", "alias/cli", "--target-key-id", keyId);
        assertThat(aws("list-aliases", "--key-id", keyId)
                        .path("Aliases")
                        .get(0)
                        .path("AliasName")
                        .asText())
                .isEqualTo("alias/cli");

        Path plaintext = Files.writeString(dir.resolve("plain.txt"), "secret from the cli");
        JsonNode encrypted = aws(
                "encrypt",
                "--key-id",
                "alias/cli",
                "--plaintext",
                "fileb://" + plaintext,
                "--encryption-context",
                "purpose=test");
        Path blob = dir.resolve("blob.bin");
        Files.write(
                blob,
                Base64.getDecoder().decode(encrypted.path("CiphertextBlob").asText()));

        JsonNode decrypted =
                aws("decrypt", "--ciphertext-blob", "fileb://" + blob, "--encryption-context", "purpose=test");
        assertThat(new String(
                        Base64.getDecoder().decode(decrypted.path("Plaintext").asText()), StandardCharsets.UTF_8))
                .isEqualTo("secret from the cli");
        assertThat(decrypted.path("KeyId").asText()).endsWith(":key/" + keyId);

        Result wrongContext = awsResult("decrypt", "--ciphertext-blob", "fileb://" + blob);
        assertThat(wrongContext.exit()).isNotZero();
        assertThat(wrongContext.err()).contains("InvalidCiphertextException");

        aws("disable-key", "--key-id", keyId);
        Result disabled =
                awsResult("decrypt", "--ciphertext-blob", "fileb://" + blob, "--encryption-context", "purpose=test");
        assertThat(disabled.err()).contains("DisabledException");
        aws("enable-key", "--key-id", keyId);

        aws("enable-key-rotation", "--key-id", keyId);
        assertThat(aws("get-key-rotation-status", "--key-id", keyId)
                        .path("KeyRotationEnabled")
                        .asBoolean())
                .isTrue();
        JsonNode scheduled = aws("schedule-key-deletion", "--key-id", keyId, "--pending-window-in-days", "7");
        assertThat(scheduled.path("KeyState").asText()).isEqualTo("PendingDeletion");
        Result pending = awsResult("encrypt", "--key-id", keyId, "--plaintext", "fileb://" + plaintext);
        assertThat(pending.err()).contains("KMSInvalidStateException");
        aws("cancel-key-deletion", "--key-id", keyId);
        assertThat(aws("describe-key", "--key-id", "alias/cli")
                        .path("KeyMetadata")
                        .path("KeyState")
                        .asText())
                .isEqualTo("Disabled");
    }

    @Test
    void boto3DrivesTheKeyLifecycleAndDataKeys() throws Exception {
        String script = String.join(
                "\n",
                "import sys, boto3",
                "kms = boto3.client('kms', endpoint_url=sys.argv[1], region_name='us-east-1')",
                "key = kms.create_key(Description='boto3')['KeyMetadata']",
                "assert key['KeyManager'] == 'CUSTOMER' and key['Origin'] == 'AWS_KMS', key",
                "kms.create_alias(AliasName='alias/boto3', TargetKeyId=key['KeyId'])",
                "data = kms.generate_data_key(KeyId='alias/boto3', KeySpec='AES_256',"
                        + " EncryptionContext={'a': 'b'})",
                "assert len(data['Plaintext']) == 32",
                "back = kms.decrypt(CiphertextBlob=data['CiphertextBlob'], EncryptionContext={'a': 'b'})",
                "assert back['Plaintext'] == data['Plaintext']",
                "old = kms.encrypt(KeyId=key['Arn'], Plaintext=b'old')['CiphertextBlob']",
                "kms.rotate_key_on_demand(KeyId=key['KeyId'])",
                "assert kms.decrypt(CiphertextBlob=old)['Plaintext'] == b'old'",
                "try:",
                "    kms.decrypt(CiphertextBlob=old[:-1] + bytes([old[-1] ^ 1]))",
                "    raise SystemExit('tampered blob decrypted')",
                "except kms.exceptions.InvalidCiphertextException:",
                "    pass",
                "kms.disable_key(KeyId=key['KeyId'])",
                "try:",
                "    kms.encrypt(KeyId=key['KeyId'], Plaintext=b'x')",
                "    raise SystemExit('disabled key encrypted')",
                "except kms.exceptions.DisabledException:",
                "    pass",
                "try:",
                "    kms.describe_key(KeyId='alias/none')",
                "    raise SystemExit('unknown alias described')",
                "except kms.exceptions.NotFoundException:",
                "    pass",
                "ids = [k['KeyId'] for p in kms.get_paginator('list_keys').paginate(PaginationConfig={'PageSize': 1})"
                        + " for k in p['Keys']]",
                "assert key['KeyId'] in ids, ids",
                "print('ok')");

        Result result = ClientProcess.run(
                List.of("python3", "-c", script, gateway.endpoint().toString()));

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("ok");
    }
}
