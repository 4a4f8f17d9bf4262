using System.Net;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Features.WebApp;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.WebApp;

/// <summary>The officer's form and the committee's dashboard over real HTTP, on the same report as the chat.</summary>
public sealed class WebAppFlowTests
{
    /// <summary>Answers for one section's fields, one per question kind, as an officer would fill them.</summary>
    internal static Dictionary<string, string> Answers(SectionDefinition section)
    {
        var fields = new Dictionary<string, string>();
        foreach (var q in section.Questions)
        {
            fields["q:" + q.Id] = q.Kind switch
            {
                QuestionKind.Text => "Đơn vị đã thực hiện tốt nội dung " + q.Id,
                QuestionKind.Choice => q.Multiple ? q.Options[0].Value : q.Options[^1].Value,
                QuestionKind.YesNo => "0",
                QuestionKind.Money => "80.750.000đ",
                _ => "16",
            };
        }

        return fields;
    }

    [Fact]
    public async Task A_report_filled_on_the_web_is_validated_by_the_engine_submitted_and_returned_by_the_committee()
    {
        await using var host = new ServiceHost(kestrel: true);
        var outline = host.Get<OutlineCatalog>().Get("so-ket-giua-nhiem-ky");
        using var officer = await WebAppSecurityTests.SignedInAsync(host, Demo.GrassrootsOfficer);
        using (var start = await officer.PostFromPageAsync("/app/report/", "/app/report/start", []))
        {
            Assert.Equal("/app/report/1", start.Headers.Location!.OriginalString);
        }

        // A figure the engine cannot read is refused with the chat's own message, and nothing is stored.
        var numberSection = outline.Sections.Select((s, i) => (s, i)).First(x => x.s.Questions.Any(q => q.Kind == QuestionKind.Money));
        var money = numberSection.s.Questions.First(q => q.Kind == QuestionKind.Money);
        var path = $"/app/report/{numberSection.i + 1}";
        using (var bad = await officer.PostFromPageAsync(path, path, new() { ["q:" + money.Id] = "khoảng chừng vài đồng", ["go"] = "stay" }))
        {
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            var page = await bad.Content.ReadAsStringAsync();
            Assert.Contains("class=\"error\"", page, StringComparison.Ordinal);
            Assert.Contains("khoảng chừng vài đồng", page, StringComparison.Ordinal);
        }

        await using (var db = host.OpenDb())
        {
            Assert.False(await db.Answers.AnyAsync(a => a.QuestionId == money.Id));
        }

        // Vietnamese figures are read as in the chat; a changed answer keeps the earlier one as a revision.
        using (var first = await officer.PostFromPageAsync(path, path, new() { ["q:" + money.Id] = "1,5 triệu", ["go"] = "stay" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        using (var second = await officer.PostFromPageAsync(path, path, new() { ["q:" + money.Id] = "2 triệu", ["go"] = "stay" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        }

        await using (var db = host.OpenDb())
        {
            var answer = await db.Answers.SingleAsync(a => a.QuestionId == money.Id);
            Assert.Equal(2_000_000m, answer.Number);
            Assert.Equal(WebReportForms.Channel, answer.Channel);
            var revision = await db.AnswerRevisions.SingleAsync(r => r.QuestionId == money.Id);
            Assert.Contains("1500000", revision.Value, StringComparison.Ordinal);
        }

        // Submitting early lists what is missing.
        using (var early = await officer.PostFromPageAsync("/app/report/review", "/app/report/submit", []))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
            Assert.Contains("Còn thiếu các câu bắt buộc", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        for (var i = 0; i < outline.Sections.Count; i++)
        {
            var fields = Answers(outline.Sections[i]);
            fields.Remove("q:" + money.Id);
            fields["go"] = "next";
            using var saved = await officer.PostFromPageAsync($"/app/report/{i + 1}", $"/app/report/{i + 1}", fields);
            Assert.True(saved.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"section {i + 1}: {saved.StatusCode}");
            if (saved.StatusCode == HttpStatusCode.OK)
            {
                Assert.DoesNotContain("class=\"error\"", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        // The committee member has a chat (the web chat, where they asked for their link): the submission is announced there.
        using var committee = await WebAppSecurityTests.SignedInAsync(host, Demo.CommitteeMember);
        using (var submit = await officer.PostFromPageAsync("/app/report/review", "/app/report/submit", []))
        {
            Assert.Equal("/app/report/review?submitted=true", submit.Headers.Location!.OriginalString);
        }

        int reportId;
        await using (var db = host.OpenDb())
        {
            var report = await db.Reports.SingleAsync();
            Assert.Equal(ReportStatus.Submitted, report.Status);
            Assert.Equal(outline.Questions.Count(q => q.AppliesTo(UnionLevel.Grassroots)), await db.Answers.CountAsync(a => a.ReportId == report.Id));
            reportId = report.Id;
            Assert.True(await db.Outbox.AnyAsync(o => o.PersonId == Demo.CommitteeMember && o.DedupeKey!.StartsWith("submitted:")));
        }

        // The committee reads it section by section and returns it with a reason; the officer is told in chat.
        var board = await committee.GetPageAsync("/app/committee/?status=Submitted");
        Assert.Contains("CĐCS Trường THPT", board, StringComparison.Ordinal);
        Assert.Contains("Đã nộp: 1", board, StringComparison.Ordinal);
        var reading = await committee.GetPageAsync($"/app/committee/reports/{reportId}?s=2");
        Assert.Contains(outline.Sections[1].Title, reading, StringComparison.Ordinal);
        using (var returned = await committee.PostFromPageAsync($"/app/committee/reports/{reportId}", $"/app/committee/reports/{reportId}/return", new() { ["reason"] = "Đề nghị bổ sung số liệu đoàn viên." }))
        {
            Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        }

        await using (var db = host.OpenDb())
        {
            var report = await db.Reports.SingleAsync();
            Assert.Equal(ReportStatus.Returned, report.Status);
            Assert.Equal("Đề nghị bổ sung số liệu đoàn viên.", report.ReturnNote);
            Assert.True(await db.Outbox.AnyAsync(o => o.PersonId == Demo.GrassrootsOfficer && o.DedupeKey!.StartsWith("returned:")));
            var audit = await db.AuditEntries.SingleAsync(a => a.Action == "report-returned");
            Assert.Equal(Demo.CommitteeMember, audit.PersonId);
            Assert.Equal("Submitted", audit.Before);
        }

        Assert.Contains("trả lại để bổ sung", await officer.GetPageAsync("/app/report/"), StringComparison.Ordinal);
    }
}
