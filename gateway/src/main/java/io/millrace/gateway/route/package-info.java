/**
 * Plain HTTP routes that hosted services serve on the gateway's ports besides the AWS APIs (a web console), and
 * what the gateway lends them ({@link io.millrace.gateway.route.GatewayCalls}). Depends on the gateway's access
 * model only.
 */
package io.millrace.gateway.route;
