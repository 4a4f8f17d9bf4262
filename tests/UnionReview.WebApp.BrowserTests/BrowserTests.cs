using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Tests.Infrastructure;
using UnionReview.Server.Tests.WebApp;

namespace UnionReview.WebApp.BrowserTests;

/// <summary>
/// The web app in a real browser: Debian's chromium driven by Playwright. Sign-in goes through a link delivered to the
/// loopback web chat; the officer fills and submits the whole report on a 390 px wide screen; the committee reads
/// it at 1280 px. Screenshots of the main pages at both widths are written to <see cref="ScreenshotFolder"/>.
/// </summary>
public sealed class BrowserTests
{
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>chromium as <c>command -v chromium</c> finds it (or CHROMIUM_PATH); the test fails, not skips, without it.</summary>
    private static string Chromium()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        if (!string.IsNullOrEmpty(configured) && File.Exists(configured))
        {
            return configured;
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, "chromium");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail("Chromium is not installed, so the browser tests cannot run. Install it with scripts/ci-prepare-browser.sh (apt-get install -y chromium) or set CHROMIUM_PATH.");
        return "";
    }

    private static async Task Shot(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    private static async Task<IPage> SignInAsync(IBrowser browser, ServiceHost host, int personId, int width)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = width < 600 ? 844 : 800 }, Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(await WebAppClient.AskLinkInChatAsync(host.BaseAddress, personId));
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForURLAsync("**/app/");
        return page;
    }

    [Fact]
    public async Task An_officer_signs_in_from_a_chat_link_and_submits_the_report_on_a_phone_and_the_committee_reads_it()
    {
        var executable = Chromium();
        await using var host = new ServiceHost(kestrel: true);
        var outline = host.Get<OutlineCatalog>().Get("so-ket-giua-nhiem-ky");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = executable, Headless = true, Args = ["--no-sandbox"] });

        // The sign-in page of a link, before it is used.
        var anonymous = await (await browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } })).NewPageAsync();
        await anonymous.GotoAsync(new Uri(host.BaseAddress, "/app/signin").ToString());
        await Shot(anonymous, "signin-390");

        var phone = await SignInAsync(browser, host, Demo.GrassrootsOfficer, 390);
        await Shot(phone, "home-390");
        await phone.GetByRole(AriaRole.Link, new() { Name = "Báo cáo của đơn vị" }).ClickAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu báo cáo" }).ClickAsync();
        await phone.WaitForURLAsync("**/app/report/1");
        Assert.Equal("vi", await phone.Locator("html").GetAttributeAsync("lang"));

        for (var i = 0; i < outline.Sections.Count; i++)
        {
            foreach (var q in outline.Sections[i].Questions.Where(q => q.AppliesTo(UnionLevel.Grassroots)))
            {
                var field = $"[name=\"q:{q.Id}\"]";
                switch (q.Kind)
                {
                    case QuestionKind.Text:
                        await phone.Locator(field).FillAsync("Đơn vị đã thực hiện tốt nội dung " + q.Id);
                        break;
                    case QuestionKind.Choice:
                        await phone.Locator($"{field}[value=\"{(q.Multiple ? q.Options[0].Value : q.Options[^1].Value)}\"]").CheckAsync();
                        break;
                    case QuestionKind.YesNo:
                        await phone.Locator($"{field}[value=\"0\"]").CheckAsync();
                        break;
                    case QuestionKind.Money:
                        await phone.Locator(field).FillAsync("1,5 triệu");
                        break;
                    default:
                        await phone.Locator(field).FillAsync("16");
                        break;
                }
            }

            if (i == 0)
            {
                await Shot(phone, "section-390");
            }

            var last = i == outline.Sections.Count - 1;
            await phone.Locator(last ? "button[value=review]" : "button[value=next]").ClickAsync();
            await phone.WaitForURLAsync(last ? "**/app/report/review" : $"**/app/report/{i + 2}?saved=*");
        }

        await Shot(phone, "review-390");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Nộp báo cáo" }).ClickAsync();
        await phone.WaitForURLAsync("**/app/report/review?submitted=true");
        Assert.Contains("Báo cáo đã được nộp", await phone.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        await using (var db = host.OpenDb())
        {
            var report = await db.Reports.SingleAsync();
            Assert.Equal(ReportStatus.Submitted, report.Status);
            var money = outline.Questions.First(q => q.Kind == QuestionKind.Money).Id;
            Assert.Equal(1_500_000m, (await db.Answers.SingleAsync(a => a.QuestionId == money)).Number);
        }

        // The committee at desktop width, then on a phone.
        var desk = await SignInAsync(browser, host, Demo.CommitteeMember, 1280);
        await desk.GetByRole(AriaRole.Link, new() { Name = "Tình hình báo cáo các đơn vị" }).ClickAsync();
        await desk.WaitForURLAsync("**/app/committee/");
        await Shot(desk, "dashboard-1280");
        await desk.GetByRole(AriaRole.Link, new() { Name = "CĐCS Trường THPT Thành phố Cao Bằng" }).ClickAsync();
        await Shot(desk, "report-1280");
        await desk.GotoAsync(new Uri(host.BaseAddress, "/app/").ToString());
        await Shot(desk, "home-1280");

        var committeePhone = await SignInAsync(browser, host, Demo.CommitteeMember, 390);
        await committeePhone.GotoAsync(new Uri(host.BaseAddress, "/app/committee/").ToString());
        await Shot(committeePhone, "dashboard-390");

        var officerDesk = await SignInAsync(browser, host, Demo.HospitalOfficer, 1280);
        await officerDesk.GotoAsync(new Uri(host.BaseAddress, "/app/report/").ToString());
        await officerDesk.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu báo cáo" }).ClickAsync();
        await officerDesk.WaitForURLAsync("**/app/report/1");
        await Shot(officerDesk, "section-1280");
    }

    [Fact]
    public async Task The_office_admin_adds_a_unit_and_makes_an_invite_with_a_QR_code_at_phone_and_desktop_widths()
    {
        var executable = Chromium();
        await using var host = new ServiceHost(kestrel: true);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = executable, Headless = true, Args = ["--no-sandbox"] });

        var phone = await SignInAsync(browser, host, Demo.Admin, 390);
        await phone.GetByRole(AriaRole.Link, new() { Name = "Quản trị tổ chức" }).ClickAsync();
        await phone.WaitForURLAsync("**/app/admin/");
        await Shot(phone, "admin-390");
        await phone.GetByRole(AriaRole.Link, new() { Name = "Đơn vị", Exact = true }).ClickAsync();
        await phone.WaitForURLAsync("**/app/admin/units");
        await phone.GetByLabel("Thuộc đơn vị").SelectOptionAsync(new SelectOptionValue { Label = "\u00a0\u00a0\u00a0LĐLĐ Thành phố" });
        await phone.GetByLabel("Cấp", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Công đoàn cơ sở" });
        await phone.GetByLabel("Tên đầy đủ").FillAsync("CĐCS Trường Tiểu học Hợp Giang");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Thêm đơn vị" }).ClickAsync();
        await phone.WaitForURLAsync("**/app/admin/units/*?ok=unit-added");
        Assert.Contains("Đã thêm đơn vị.", await phone.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Shot(phone, "admin-unit-390");
        await phone.GotoAsync(new Uri(host.BaseAddress, "/app/admin/units").ToString());
        await Shot(phone, "admin-units-390");

        // Keyboard only: the person page, an invite, its QR code.
        await phone.GotoAsync(new Uri(host.BaseAddress, $"/app/admin/people/{Demo.GrassrootsOfficer}").ToString());
        await phone.GetByLabel("Hết hạn sau (ngày)").FocusAsync();
        await phone.Keyboard.PressAsync("Tab");
        await phone.Keyboard.PressAsync("Enter");
        await phone.WaitForURLAsync("**invite=*");
        Assert.True(await phone.Locator("figure.qr svg").IsVisibleAsync());
        await Shot(phone, "admin-invite-390");

        var desk = await SignInAsync(browser, host, Demo.Admin, 1280);
        foreach (var (path, name) in new[] { ("/app/admin/units", "admin-units-1280"), ("/app/admin/people", "admin-people-1280"), ("/app/admin/campaigns", "admin-campaigns-1280"), ("/app/admin/outlines", "admin-outlines-1280"), ("/app/admin/audit", "admin-audit-1280") })
        {
            await desk.GotoAsync(new Uri(host.BaseAddress, path).ToString());
            Assert.Equal("vi", await desk.Locator("html").GetAttributeAsync("lang"));
            await Shot(desk, name);
        }

        await phone.GotoAsync(new Uri(host.BaseAddress, "/app/admin/people").ToString());
        await Shot(phone, "admin-people-390");
        await using var db = host.OpenDb();
        Assert.Equal(["unit-added", "invite-created"], await db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }
}
