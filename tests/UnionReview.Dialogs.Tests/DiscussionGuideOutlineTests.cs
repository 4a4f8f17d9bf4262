using UnionReview.Dialogs.Loading;
using UnionReview.Dialogs.Model;

namespace UnionReview.Dialogs.Tests;

public sealed class DiscussionGuideOutlineTests
{
    private static OutlineDefinition Guide() =>
        OutlineLoader.LoadFile(Path.Combine(OutlineFilesTests.DialogsDirectory(), "thao-luan-hoi-nghi-bch.yaml"));

    [Fact]
    public void The_guide_has_points_1_to_3_of_seed_004()
    {
        var guide = Guide();
        Assert.Equal(["1. Các văn bản dự thảo trình Hội nghị", "2. Công tác chỉ đạo điều hành của Thường trực, BTV, BCH, UBKT, các Ban LĐLĐ tỉnh", "3. Việc thực hiện các chỉ tiêu giao năm 2019"], guide.Parts.Select(p => p.Title));
        Assert.Equal(["1", "2", "3.1", "3.2", "3.3"], guide.Sections.Select(s => s.Code));
        Assert.Contains(guide.Sections[1].Guidance, g => g.Contains("dài, khó hiểu, chồng chéo, không kịp thời", StringComparison.Ordinal));
        Assert.Contains(guide.Sections[0].Guidance, g => g.Contains("Chỉ nêu những kết quả thật sự nổi bật", StringComparison.Ordinal));
        Assert.NotNull(guide.FindQuestion("phan-anh-chua-giai-quyet"));
        Assert.NotNull(guide.FindQuestion("van-ban-chi-dao"));
    }

    [Fact]
    public void Limitations_next_years_targets_and_the_comments_on_figures_ask_for_a_solution()
    {
        var guide = Guide();
        Assert.Equal(
            ["han-che-giai-phap", "chi-tieu-2020", "y-kien-phat-trien-doan-vien", "y-kien-tin-bai", "y-kien-tang-thu"],
            guide.Questions.Where(q => q.FollowUp == FollowUpKind.Solution).Select(q => q.Id));
    }

    [Fact]
    public void The_figures_are_shown_before_the_questions_about_them_and_the_fund_target_is_members_times_50000()
    {
        var guide = Guide();
        Assert.Equal(["phat-trien-doan-vien", "tin-bai", "quy-xa-hoi"], guide.Tables.Select(t => t.Id));
        Assert.Equal(
            [("y-kien-phat-trien-doan-vien", "phat-trien-doan-vien"), ("y-kien-tin-bai", "tin-bai"), ("y-kien-tang-thu", "quy-xa-hoi")],
            guide.Questions.Where(q => q.Table is not null).Select(q => (q.Id, q.Table!)));
        foreach (var q in guide.Questions.Where(q => q.Table is not null))
        {
            // The comment comes first in its section; the figures themselves follow (already gathered, kept unless corrected).
            var section = guide.SectionOf(q);
            Assert.Equal(q.Id, section.Questions[0].Id);
            Assert.All(section.Questions.Skip(1), x => Assert.Equal(QuestionKind.Indicator, x.Kind));
        }

        var fund = guide.Indicators.Single(i => i.Id == "quy-xa-hoi");
        Assert.Equal("quy-xa-hoi-so-doan-vien", fund.Basis);
        Assert.Equal(78_800_000m, fund.TargetFrom(new Dictionary<string, decimal> { ["quy-xa-hoi-so-doan-vien"] = 1_576 }));
    }
}
