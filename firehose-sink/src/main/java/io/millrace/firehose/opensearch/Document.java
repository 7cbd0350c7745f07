package io.millrace.firehose.opensearch;

import io.millrace.firehose.http.BufferedRecords;

/**
 * One record of a buffer as a document: the index its arrival time rotates it to, its id (null with NO_DOCUMENT_ID)
 * and, while it has not been indexed, why its last attempt failed.
 */
final class Document {
    final BufferedRecords.Entry record;
    final String index;
    final String id;
    String errorCode;
    String errorMessage;

    Document(BufferedRecords.Entry record, String index, String id) {
        this.record = record;
        this.index = index;
        this.id = id;
    }

    void failed(String code, String message) {
        this.errorCode = code;
        this.errorMessage = message;
    }
}
