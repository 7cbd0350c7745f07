/**
 * The console's pages, server-rendered HTML: each calls the AWS APIs in-process as the signed-in principal
 * ({@link io.millrace.console.page.Caller}) and renders what they answer.
 */
package io.millrace.console.page;
