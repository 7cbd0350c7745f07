/** The objects a delivery stream delivered, read from the platform's S3 store with the Firehose sink's settings. */
package io.millrace.console.s3;
