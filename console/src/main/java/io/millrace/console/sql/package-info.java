/** Ad-hoc SQL over a stream: short-lived SQL applications writing into temporary streams the page tails. */
package io.millrace.console.sql;
