using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Indicators;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Indicators;

public sealed class BriefingFreshnessTests
{
    [Fact]
    public async Task A_corrected_figure_appears_in_the_table_shown_before_the_question_about_it()
    {
        await using var host = SeedTablesAcceptanceTests.DemoHost();
        var officer = new ChatDriver(host, Demo.UpperLevelOfficer);
        await officer.Say("/baocao");
        await officer.Press("Hội nghị BCH");
        await officer.Send(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, "ket-qua-tin-bai").ToPayload()));
        Assert.Contains("Câu trả lời hiện tại: 7 tin bài", officer.LastText, StringComparison.Ordinal);
        await officer.Say("9");
        Assert.Contains("Đạt 75% so với KH giao (12 tin bài)", officer.LastText, StringComparison.Ordinal);

        await officer.Press("Quay lại");
        await officer.Press("Quay lại");
        Assert.Contains("Đồng chí cho ý kiến về kết quả tin, bài năm 2019", officer.LastText, StringComparison.Ordinal);
        Assert.Contains("KH giao 12 · kết quả 9 · đạt 75%", officer.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("kết quả 7 ·", officer.LastText, StringComparison.Ordinal);
    }
}
