using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;

namespace UnionReview.Server.Features.WebApp;

/// <summary>The page frame, the one stylesheet and the antiforgery field of every form.</summary>
internal static class WebHtml
{
    /// <summary>Vietnamese letters stay readable in the page source; markup characters are escaped.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? text) => Encoder.Encode(text ?? "");

    /// <summary>The hidden antiforgery field (also sets its cookie).</summary>
    public static string Af(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    public static IResult Page(HttpContext http, string title, string body, int status = 200)
    {
        var user = http.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(title)).Append(" · ").Append(WebAppTexts.AppName).Append("</title>")
            .Append("<link rel=\"stylesheet\" href=\"/app/app.css\"></head><body>")
            .Append("<a class=\"skip\" href=\"#main\">").Append(WebAppTexts.SkipToContent).Append("</a>")
            .Append("<header class=\"top\"><a class=\"brand\" href=\"/app\">").Append(WebAppTexts.AppName).Append("</a>");
        if (signedIn)
        {
            html.Append("<div class=\"who\"><span>").Append(E(WebAppTexts.SignedInAs(user.FindFirstValue(ClaimTypes.Name) ?? ""))).Append("</span>")
                .Append("<form method=\"post\" action=\"/app/signout\">").Append(Af(http))
                .Append("<button class=\"link\" type=\"submit\">").Append(WebAppTexts.SignOut).Append("</button></form></div>");
        }

        html.Append("</header><main id=\"main\">").Append(body).Append("</main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public const string Css = """
        :root{--ink:#1b2330;--muted:#5b6678;--line:#d9dee7;--bg:#f5f7fa;--card:#fff;--accent:#b3261e;--accent-ink:#fff;--ok:#1f7a4d;--warn:#9a5b00;--focus:#1a56db}
        *{box-sizing:border-box}
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:var(--bg)}
        .skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:2}
        .top{display:flex;flex-wrap:wrap;gap:8px;align-items:center;justify-content:space-between;padding:10px 16px;background:var(--accent);color:var(--accent-ink)}
        .top a,.top button.link{color:var(--accent-ink)}
        .brand{font-weight:700;text-decoration:none;font-size:1.05rem}
        .who{display:flex;gap:10px;align-items:center;font-size:.9rem}.who form{margin:0}
        main{max-width:760px;margin:0 auto;padding:16px}
        h1{font-size:1.4rem;line-height:1.3;margin:.4em 0 .6em}h2{font-size:1.15rem;margin:1.2em 0 .5em}
        .card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px;margin:0 0 14px}
        .card>h2:first-child,.card>input[type=hidden]:first-child+h2,dl.answers dt:first-child{margin-top:0}select{max-width:32rem}
        .cards{display:grid;gap:14px}@media(min-width:900px){main{max-width:1100px}.cards{grid-template-columns:1fr 1fr}}
        a{color:#0b57d0}
        label,.label{display:block;font-weight:600;margin:0 0 6px}
        .help{color:var(--muted);font-size:.92rem;margin:0 0 8px;white-space:pre-line}
        .briefing{white-space:pre-wrap;font:13px/1.4 ui-monospace,monospace;background:#f0f3f8;padding:8px;border-radius:8px;overflow-x:auto}
        input[type=text],textarea,select{width:100%;font:inherit;padding:10px 12px;border:1px solid #9aa4b5;border-radius:8px;background:#fff}
        textarea{min-height:7em;resize:vertical}
        fieldset{border:0;padding:0;margin:0}legend{font-weight:600;margin:0 0 6px;padding:0}
        .choice{display:flex;gap:8px;align-items:flex-start;padding:6px 0}.choice input{margin-top:.3em;width:1.1em;height:1.1em}
        button,.button{display:inline-block;font:inherit;font-weight:600;padding:10px 16px;border-radius:8px;border:1px solid var(--accent);background:var(--accent);color:var(--accent-ink);cursor:pointer;text-decoration:none}
        button.secondary,.button.secondary{background:#fff;color:var(--accent)}
        button.link{background:none;border:0;padding:0;text-decoration:underline;font-weight:400}
        :focus-visible{outline:3px solid var(--focus);outline-offset:2px}
        .actions{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}
        .q{border-top:1px solid var(--line);padding:14px 0}.q:first-of-type{border-top:0}
        .error{color:var(--accent);font-weight:600;margin:6px 0}.q.invalid input[type=text],.q.invalid textarea{border-color:var(--accent)}
        .notice{background:#e8f5ee;border:1px solid #b5dcc6;color:var(--ok);padding:10px 12px;border-radius:8px}
        .alert{background:#fdecea;border:1px solid #f3b8b3;color:var(--accent);padding:10px 12px;border-radius:8px}
        .progress{margin:0 0 14px;height:10px;background:#e3e7ee;border-radius:6px;overflow:hidden}.progress span{display:block;height:100%;background:var(--ok)}
        .muted{color:var(--muted)}.small{font-size:.9rem}
        ol.sections{padding-left:1.2em}ol.sections li{margin:6px 0}
        table{width:100%;border-collapse:collapse;background:#fff}th,td{text-align:left;padding:8px;border-bottom:1px solid var(--line);vertical-align:top}
        .status{white-space:nowrap;font-size:.9rem;font-weight:600}.s-Submitted{color:var(--ok)}.s-Returned{color:var(--warn)}.s-overdue{color:var(--accent)}
        .counts{display:flex;flex-wrap:wrap;gap:8px;margin:0;padding:0;list-style:none}.counts li{background:#fff;border:1px solid var(--line);border-radius:999px;padding:4px 12px;font-size:.9rem}
        dl.answers dt{font-weight:600;margin-top:10px}dl.answers dd{margin:4px 0 0;white-space:pre-wrap}
        .mt{margin-top:12px}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
        ul.tree{list-style:none;margin:0;padding:0}ul.tree li{padding:5px 0;border-bottom:1px solid var(--line)}ul.tree li:last-child{border:0}.retired,.retired a{color:var(--muted);text-decoration:line-through}
        ul.plain{list-style:none;margin:0;padding:0}ul.plain li{padding:3px 0}
        form.inline{display:inline-flex;gap:8px;align-items:center;margin:0 0 8px;width:100%}form.inline input{flex:1}li form.inline{width:auto;margin:0}
        .rank{min-width:1.5em;color:var(--muted)}code{font:14px ui-monospace,monospace;background:#f0f3f8;padding:1px 5px;border-radius:4px;word-break:break-all}
        input[type=number]{font:inherit;padding:10px 12px;border:1px solid #9aa4b5;border-radius:8px;width:8em}
        dl.facts dt{font-weight:600;margin-top:8px}dl.facts dd{margin:2px 0 0}
        .qr{margin:12px 0 0}.qr svg{width:100%;max-width:240px;height:auto;display:block;background:#fff}
        table.audit code{font-size:12px}
        @media(max-width:600px){table.units thead{display:none}table.units td{display:block;border:0;padding:2px 8px}table.units tr{display:block;border-bottom:1px solid var(--line);padding:8px 0}}
        """;
}
