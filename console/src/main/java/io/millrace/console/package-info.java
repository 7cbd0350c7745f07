/**
 * The web console on the gateway's ports ({@code /console}): the service the gateway hosts, its route (who the user
 * is, which page answers), and its static files.
 */
package io.millrace.console;
