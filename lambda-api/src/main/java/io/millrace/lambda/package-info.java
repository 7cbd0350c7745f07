/** A Lambda API subset on the gateway: functions, Invoke, and event source mappings of Kinesis streams. */
package io.millrace.lambda;
