using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Reports;

/// <summary>The unit's level reaches the engine, so a question meant for upper-level unions is asked of them only.</summary>
public sealed class UnitLevelTests
{
    [Theory]
    [InlineData(Demo.GrassrootsOfficer, "viec-lam-thu-nhap-doi-song")]
    [InlineData(Demo.UpperLevelOfficer, "so-cdcs-truc-thuoc")]
    public async Task The_question_after_women_members_depends_on_the_units_level(int personId, string next)
    {
        await using var host = new ServiceHost();
        var officer = new ChatDriver(host, personId);
        await officer.Say("/baocao");
        await officer.Send(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, "so-doan-vien-nu").ToPayload()));
        Assert.Equal("so-doan-vien-nu", (await Answerer.CurrentQuestion(host, personId))?.Id);
        await officer.Press("Bỏ qua");
        Assert.Equal(next, (await Answerer.CurrentQuestion(host, personId))?.Id);
    }
}
