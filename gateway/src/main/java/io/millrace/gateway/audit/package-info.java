/**
 * The audit hook: every API call the gateway answers, allowed or refused, is handed to an
 * {@link io.millrace.gateway.audit.AuditTrail} as an {@link io.millrace.gateway.audit.ApiCall}, and the answer
 * leaves only once the trail has acknowledged it. The gateway defines the hook and calls it; what a call becomes
 * (a CloudTrail event in a Kafka topic) is the business of the module that implements it.
 */
package io.millrace.gateway.audit;
