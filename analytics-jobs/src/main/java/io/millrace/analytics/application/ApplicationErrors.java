package io.millrace.analytics.application;

import io.millrace.gateway.protocol.ApiException;

/** The error types of KinesisAnalytics_20180523 that the gateway's shared {@link ApiException} has no factory for. */
final class ApplicationErrors {

  private ApplicationErrors() {}

  static ApiException codeValidation(String message) {
    return new ApiException("CodeValidationException", 400, message);
  }

  static ApiException concurrentModification(String message) {
    return new ApiException("ConcurrentModificationException", 400, message);
  }

  static ApiException invalidRequest(String message) {
    return new ApiException("InvalidRequestException", 400, message);
  }

  static ApiException invalidApplicationConfiguration(String message) {
    return new ApiException("InvalidApplicationConfigurationException", 400, message);
  }

  static ApiException unsupportedOperation(String message) {
    return new ApiException("UnsupportedOperationException", 400, message);
  }

  static ApiException notFound(String application) {
    return ApiException.resourceNotFound("Application " + application + " not found.");
  }

  static ApiException wrongStatus(String application, String status, String action, String expected) {
    return ApiException.resourceInUse("Application " + application + " is in " + status + " status: " + action
        + " needs " + expected + ".");
  }
}
