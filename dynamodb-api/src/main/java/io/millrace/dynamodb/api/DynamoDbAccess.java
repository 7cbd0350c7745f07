package io.millrace.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.protocol.AccessResolver;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The permissions each DynamoDB call needs, as AWS's service authorization reference ("Actions, resources, and
 * condition keys for Amazon DynamoDB") lists them: {@code dynamodb:<Action>} on the table
 * {@code arn:aws:dynamodb:REGION:ACCOUNT:table/NAME} its TableName names (a table ARN, which DynamoDB accepts there,
 * as given); Query and Scan of an index on the index {@code .../table/NAME/index/INDEX}; BatchGetItem and
 * BatchWriteItem on each table of RequestItems, one permission per table; the tag actions on their ResourceArn;
 * ListTables and DescribeLimits on {@code *}.
 */
public final class DynamoDbAccess implements AccessResolver {

    private static final String PREFIX = "dynamodb:";
    private static final Set<String> ON_TABLE = Set.of(
            "CreateTable",
            "DescribeTable",
            "UpdateTable",
            "DeleteTable",
            "DescribeTimeToLive",
            "UpdateTimeToLive",
            "DescribeContinuousBackups",
            "UpdateContinuousBackups",
            "GetItem",
            "PutItem",
            "UpdateItem",
            "DeleteItem");
    private static final Set<String> ON_TABLE_OR_INDEX = Set.of("Query", "Scan");
    private static final Set<String> ON_EACH_TABLE = Set.of("BatchGetItem", "BatchWriteItem");
    private static final Set<String> ON_RESOURCE_ARN = Set.of("TagResource", "UntagResource", "ListTagsOfResource");
    private static final Set<String> ON_ACCOUNT = Set.of("ListTables", "DescribeLimits");

    /** Every action this resolver names the resources of; the others fall back to {@code *}. */
    public static Set<String> mappedActions() {
        return Stream.of(ON_TABLE, ON_TABLE_OR_INDEX, ON_EACH_TABLE, ON_RESOURCE_ARN, ON_ACCOUNT)
                .flatMap(Set::stream)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public List<AccessRequest> accessOf(AwsRequest request) {
        String action = request.action();
        String iamAction = PREFIX + action;
        JsonNode body = request.body();
        if (ON_TABLE.contains(action)) {
            return one(iamAction, table(request, Fields.text(body, "TableName")));
        }
        if (ON_TABLE_OR_INDEX.contains(action)) {
            String table = table(request, Fields.text(body, "TableName"));
            String index = Fields.text(body, "IndexName");
            return one(iamAction, table != null && index != null ? table + "/index/" + index : table);
        }
        if (ON_EACH_TABLE.contains(action)) {
            return eachTable(request, iamAction, Fields.object(body, "RequestItems"));
        }
        if (ON_RESOURCE_ARN.contains(action)) {
            return one(iamAction, Fields.text(body, "ResourceArn"));
        }
        return ON_ACCOUNT.contains(action) ? one(iamAction, null) : null;
    }

    /** One permission per table the batch names, in the request's order; {@code *} when it names none. */
    private static List<AccessRequest> eachTable(AwsRequest request, String iamAction, JsonNode requestItems) {
        if (requestItems == null || requestItems.isEmpty()) {
            return one(iamAction, null);
        }
        List<AccessRequest> needed = new ArrayList<>(requestItems.size());
        for (Iterator<String> tables = requestItems.fieldNames(); tables.hasNext(); ) {
            needed.add(AccessRequest.of(iamAction, table(request, tables.next())));
        }
        return List.copyOf(needed);
    }

    /** The table's ARN: TableName as given when it is one, else the table of that name in the caller's account. */
    private static String table(AwsRequest request, String nameOrArn) {
        if (nameOrArn == null || nameOrArn.startsWith("arn:")) {
            return nameOrArn;
        }
        return "arn:aws:dynamodb:" + request.region() + ":" + request.accountId() + ":table/" + nameOrArn;
    }

    private static List<AccessRequest> one(String iamAction, String resource) {
        return List.of(AccessRequest.of(iamAction, resource == null ? AccessRequest.ANY_RESOURCE : resource));
    }
}
