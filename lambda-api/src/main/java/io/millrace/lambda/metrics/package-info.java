/** The AWS/Lambda CloudWatch metrics of the invocations a gateway runs. */
package io.millrace.lambda.metrics;
