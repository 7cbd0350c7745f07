package io.millrace.dynamodb.errors;

import io.millrace.gateway.protocol.ApiException;

/**
 * Every error type the DynamoDB API answers with, made in one place: the type names and status codes of botocore's
 * model ({@code dynamodb/2012-08-10}) and DynamoDB's wording. The type goes on the wire with DynamoDB's namespace
 * ({@code com.amazonaws.dynamodb.v20120810#...}), as DynamoDB writes it; SDKs and boto3 read the name after the
 * {@code #}.
 */
public final class DynamoDbErrors {

    private static final String NAMESPACE = "com.amazonaws.dynamodb.v20120810#";

    private DynamoDbErrors() {}

    public static ApiException validation(String message) {
        return new ApiException(NAMESPACE + "ValidationException", 400, message);
    }

    public static ApiException serialization(String message) {
        return new ApiException(NAMESPACE + "SerializationException", 400, message);
    }

    public static ApiException conditionalCheckFailed() {
        return new ApiException(NAMESPACE + "ConditionalCheckFailedException", 400, "The conditional request failed");
    }

    /** Item and query actions on a table that does not exist. */
    public static ApiException resourceNotFound() {
        return new ApiException(NAMESPACE + "ResourceNotFoundException", 400, "Requested resource not found");
    }

    /** DescribeTable, DeleteTable, UpdateTable... on a table that does not exist. */
    public static ApiException tableNotFound(String table) {
        return new ApiException(
                NAMESPACE + "ResourceNotFoundException",
                400,
                "Requested resource not found: Table: " + table + " not found");
    }

    public static ApiException resourceNotFound(String message) {
        return new ApiException(NAMESPACE + "ResourceNotFoundException", 400, message);
    }

    public static ApiException resourceInUse(String message) {
        return new ApiException(NAMESPACE + "ResourceInUseException", 400, message);
    }

    public static ApiException tableExists(String table) {
        return resourceInUse("Table already exists: " + table);
    }

    /**
     * A write that lost its compare-and-set to concurrent writes of the same item more often than the store
     * retries: DynamoDB's 500, which every SDK retries.
     */
    public static ApiException writeContention() {
        return new ApiException(
                NAMESPACE + "InternalServerError",
                500,
                "Internal server error: the item is being written concurrently, retry");
    }

    public static ApiException itemTooLarge() {
        return validation("Item size has exceeded the maximum allowed size");
    }
}
