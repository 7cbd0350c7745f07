/** The live gateways of one Lambda deployment, as a Kafka consumer group's members. */
package io.millrace.lambda.members;
