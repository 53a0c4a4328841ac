package io.taskscope.ui;

/** The page shell every UI page shares: head, the top navigation, a skip link, the bundled script and styles. */
public final class Layout {
  /** Top navigation entries: path and label. */
  static final String[][] NAV = {{"/ui/", "Tasks"}, {"/ui/cr", "Look up"}, {"/ui/logs", "Logs"}};

  private Layout() {}

  /**
   * A whole page. {@code body} is this module's markup (its data already escaped); {@code active} is the path of the
   * navigation entry to mark current.
   */
  public static String page(String title, String active, Html body) {
    Html h = new Html();
    h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        // no inline styles from htmx: the page's CSP allows style sheets from this origin only
        .raw("<meta name=\"htmx-config\" content='{\"includeIndicatorStyles\":false,\"allowEval\":false}'>")
        .raw("<title>").text(title).raw(" · TaskScope</title>")
        .raw("<link rel=\"stylesheet\" href=\"/ui/static/ui.css\">")
        .raw("<script src=\"/ui/static/ui.js\" defer></script></head><body>")
        .raw("<a class=\"skip\" href=\"#main\">Skip to content</a>")
        .raw("<header class=\"top\"><a class=\"brand\" href=\"/ui/\">TaskScope</a><nav aria-label=\"Main\">");
    for (String[] n : NAV) {
      h.raw("<a href=\"").raw(n[0]).raw("\"").raw(n[0].equals(active) ? " aria-current=\"page\"" : "").raw(">")
          .text(n[1]).raw("</a>");
    }
    h.raw("</nav></header><main id=\"main\">").raw(body.toString()).raw("</main></body></html>\n");
    return h.toString();
  }
}
