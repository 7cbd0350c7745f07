package io.millrace.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.dynamodb.testkit.DynamoDbGateway;
import io.millrace.testkit.AwsCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tools a user reaches for first, unchanged, against the gateway: the AWS CLI v2 ({@code aws dynamodb}, JSON 1.0
 * through botocore) with its waiter, and boto3's resource API (the Table object, its conditions and key builders).
 */
class DynamoDbToolsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static DynamoDbGateway gateway;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws Exception {
        AwsCli.requireV2();
        gateway = DynamoDbGateway.start("__millrace_dynamodb_tools_it");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void awsCliCreatesWaitsWritesConditionallyAndReadsConsistently() throws Exception {
        AwsCli cli = new AwsCli(gateway.endpoint().toString(), home);
        String endpoint = gateway.endpoint().toString();
        assertSucceeded(cli.call(
                endpoint,
                "dynamodb",
                "create-table",
                "--table-name",
                "cli-checkpoints",
                "--attribute-definitions",
                "AttributeName=app,AttributeType=S",
                "--key-schema",
                "AttributeName=app,KeyType=HASH",
                "--billing-mode",
                "PAY_PER_REQUEST"));
        assertSucceeded(cli.call(endpoint, "dynamodb", "wait", "table-exists", "--table-name", "cli-checkpoints"));
        String[] putIfAbsent = {
            "put-item",
            "--table-name",
            "cli-checkpoints",
            "--item",
            "{\"app\":{\"S\":\"orders\"},\"seq\":{\"N\":\"41\"}}",
            "--condition-expression",
            "attribute_not_exists(app)"
        };
        assertSucceeded(cli.call(endpoint, "dynamodb", putIfAbsent));
        AwsCli.Result again = cli.call(endpoint, "dynamodb", putIfAbsent);
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.stderr())
                .contains("ConditionalCheckFailedException")
                .contains("The conditional request failed");
        assertSucceeded(cli.call(
                endpoint,
                "dynamodb",
                "update-item",
                "--table-name",
                "cli-checkpoints",
                "--key",
                "{\"app\":{\"S\":\"orders\"}}",
                "--update-expression",
                "ADD seq :one",
                "--expression-attribute-values",
                "{\":one\":{\"N\":\"1\"}}"));
        JsonNode item = assertSucceeded(cli.call(
                        endpoint,
                        "dynamodb",
                        "get-item",
                        "--table-name",
                        "cli-checkpoints",
                        "--key",
                        "{\"app\":{\"S\":\"orders\"}}",
                        "--consistent-read"))
                .json()
                .path("Item");
        assertThat(item.path("seq").path("N").asText()).isEqualTo("42");
    }

    @Test
    void boto3ResourceApiPutsUpdatesAndQueries() throws Exception {
        String script = String.join(
                "\n",
                "import boto3, json, sys",
                "from boto3.dynamodb.conditions import Key, Attr",
                "from botocore.exceptions import ClientError",
                "db = boto3.resource('dynamodb', endpoint_url=sys.argv[1], region_name='us-east-1',",
                "    aws_access_key_id='test', aws_secret_access_key='test')",
                "t = db.create_table(TableName='boto-events', BillingMode='PAY_PER_REQUEST',",
                "    KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'sk', 'KeyType': 'RANGE'}],",
                "    AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'},",
                "                          {'AttributeName': 'sk', 'AttributeType': 'N'}])",
                "t.wait_until_exists()",
                "with t.batch_writer() as batch:",
                "    for i in range(30):",
                "        batch.put_item(Item={'pk': 'a' if i % 2 == 0 else 'b', 'sk': i, 'tags': {'x', 'y'}})",
                "t.update_item(Key={'pk': 'a', 'sk': 4}, UpdateExpression='SET note = :n REMOVE tags',",
                "    ExpressionAttributeValues={':n': 'seen'})",
                "try:",
                "    t.put_item(Item={'pk': 'a', 'sk': 4}, ConditionExpression=Attr('note').not_exists())",
                "    code = None",
                "except ClientError as e:",
                "    code = e.response['Error']['Code']",
                "r = t.query(KeyConditionExpression=Key('pk').eq('a') & Key('sk').between(2, 8), ConsistentRead=True)",
                "print(json.dumps({'keys': [int(i['sk']) for i in r['Items']],",
                "    'note': [i.get('note') for i in r['Items'] if int(i['sk']) == 4][0],",
                "    'tags': sorted(r['Items'][0]['tags']), 'error': code}))");
        Process process =
                new ProcessBuilder("python3", "-c", script, gateway.endpoint().toString()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(err).isZero();
        JsonNode result = JSON.readTree(out);
        assertThat(result.path("keys").toString()).isEqualTo("[2,4,6,8]");
        assertThat(result.path("note").asText()).isEqualTo("seen");
        assertThat(result.path("tags").toString()).isEqualTo("[\"x\",\"y\"]");
        assertThat(result.path("error").asText()).isEqualTo("ConditionalCheckFailedException");
    }

    private static AwsCli.Result assertSucceeded(AwsCli.Result result) {
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result;
    }
}
