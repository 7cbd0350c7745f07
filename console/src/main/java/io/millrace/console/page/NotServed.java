package io.millrace.console.page;

import io.millrace.gateway.protocol.ApiException;
import java.util.concurrent.CompletionException;

/** A page whose API this gateway does not host: said so, rather than an error. */
final class NotServed {

    private NotServed() {}

    static String page(Caller caller, String title, String api, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ApiException e && e.type().equals("UnknownOperationException")) {
            return Html.page(
                    title,
                    caller.who(),
                    caller.csrfToken(),
                    "<p class=\"notice\">This gateway does not host the " + Html.esc(api) + " API.</p>");
        }
        throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }
}
