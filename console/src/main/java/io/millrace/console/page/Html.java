package io.millrace.console.page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** HTML text: escaping, and the frame every page shares (navigation, stylesheet, scripts). */
public final class Html {

    private Html() {}

    /** Text safe inside an element or a quoted attribute. */
    public static String esc(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A path segment or query value. */
    public static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A whole page: {@code who} is shown in the header (null on the sign-in page), {@code body} is HTML. */
    public static String page(String title, String who, String csrf, String body) {
        String nav = who == null ? "" : """
                <nav>
                  <a href="/console/streams">Data streams</a>
                  <a href="/console/firehose">Delivery streams</a>
                  <a href="/console/applications">Applications</a>
                  <span class="who">%s</span>
                  <form method="post" action="/console/signout" class="inline">
                    <input type="hidden" name="csrf" value="%s"><button>Sign out</button>
                  </form>
                </nav>
                """.formatted(esc(who), esc(csrf));
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · Millrace</title>
                <link rel="stylesheet" href="/console/static/console.css">
                <link rel="stylesheet" href="/console/static/uPlot.min.css">
                </head>
                <body>
                <header><a class="brand" href="/console">Millrace</a>%s</header>
                <main>
                <h1>%s</h1>
                %s
                </main>
                </body>
                </html>
                """.formatted(esc(title), nav, esc(title), body);
    }

    /** A hidden field carrying the session's token, for every form that changes something. */
    public static String csrfField(String token) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(token) + "\">";
    }
}
