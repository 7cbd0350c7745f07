package io.millrace.console.page;

/** The sign-in form of signed mode: an access key pair the gateway knows, checked by the gateway, never stored. */
public final class SignInPage {

    private SignInPage() {}

    public static String render(String error) {
        String body = """
                %s
                <form method="post" action="/console/signin" id="signin">
                  <label>Access key ID <input name="accessKeyId" autocomplete="username" required></label>
                  <label>Secret access key
                    <input name="secretAccessKey" type="password" autocomplete="current-password" required></label>
                  <button>Sign in</button>
                </form>
                <p>The gateway runs in signed mode: sign in with an access key it knows (the root credentials of its
                configuration, or an IAM user's key). What you may see and do is what that principal's policies
                allow.</p>
                """.formatted(
                        error == null ? "" : "<p class=\"error\" id=\"signin-error\">" + Html.esc(error) + "</p>");
        return Html.page("Sign in", null, null, body);
    }

    public static String error(Caller caller, int status, String type, String message) {
        String body = "<p class=\"error\" id=\"error\"><strong>" + Html.esc(type) + "</strong> (" + status + "): "
                + Html.esc(message) + "</p><p><a href=\"/console/streams\">Data streams</a></p>";
        return caller == null
                ? Html.page("Error", null, null, body)
                : Html.page("Error", caller.who(), caller.csrfToken(), body);
    }
}
