using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Reports;

public sealed class WholeReportTests
{
    [Fact]
    public async Task An_officer_completes_and_submits_the_whole_outline_and_every_answer_is_stored()
    {
        await using var host = new ServiceHost();
        var chat = new ChatDriver(host, Demo.GrassrootsOfficer);
        await chat.Say("/baocao");
        Assert.Contains("Câu 1/62", chat.LastText, StringComparison.Ordinal);

        // 61 of the 62: the number of grassroots unions under the unit is asked of upper-level unions only.
        var answered = await Answerer.AnswerAll(host, chat, Demo.GrassrootsOfficer);
        Assert.Equal(61, answered);
        Assert.Contains("đi hết đề cương", chat.LastText, StringComparison.Ordinal);

        await chat.Press("Nộp báo cáo");
        await chat.Press("Xác nhận nộp");
        Assert.Contains("Đã nộp báo cáo", chat.LastText, StringComparison.Ordinal);

        await using var db = host.OpenDb();
        var report = await db.Reports.SingleAsync(r => r.UnitId == db.Units.Single(u => u.Name == "CĐCS Trường THPT Thành phố Cao Bằng").Id);
        Assert.Equal(ReportStatus.Submitted, report.Status);
        Assert.Equal(61, await db.Answers.CountAsync(a => a.ReportId == report.Id));
        Assert.False(await db.Answers.AnyAsync(a => a.ReportId == report.Id && a.QuestionId == "so-cdcs-truc-thuoc"));
        var first = await db.Answers.SingleAsync(a => a.ReportId == report.Id && a.QuestionId == "thuan-loi-kho-khan");
        Assert.Equal("Trả lời cho thuan-loi-kho-khan: phần thứ nhất.\nPhần thứ hai của câu trả lời.", StoredJson.Read<AnswerValue>(first.Value).Text);
        Assert.Equal("console", first.Channel);
        Assert.Equal(Demo.GrassrootsOfficer, first.PersonId);
    }
}
