/** Who uses the console: sign-in sessions and their signed cookies. */
package io.millrace.console.session;
