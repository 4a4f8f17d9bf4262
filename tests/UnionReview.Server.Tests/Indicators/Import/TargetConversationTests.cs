using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;
using static UnionReview.Server.Tests.Indicators.Import.TargetFiles;

namespace UnionReview.Server.Tests.Indicators.Import;

public sealed class TargetConversationTests
{
    [Fact]
    public async Task An_officer_in_a_conversation_sees_imported_targets_at_the_next_turn()
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        int officer;
        await using (var db = host.OpenDb())
        {
            var person = new Person { FullName = "Lưu Thị Hạnh", CreatedAt = host.Clock.GetUtcNow() };
            db.People.Add(person);
            await db.SaveChangesAsync();
            db.Memberships.Add(new Membership { PersonId = person.Id, UnitId = c.PhucHoa, Role = Role.Officer });
            await db.SaveChangesAsync();
            officer = person.Id;
        }

        var chat = new ChatDriver(host, officer);
        await chat.Say("/baocao");
        Assert.Contains(TargetCampaign.PhucHoaName, chat.LastText, StringComparison.Ordinal);
        var goToNewMembers = IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, "so-doan-vien-moi").ToPayload());
        await chat.Send(goToNewMembers);
        Assert.DoesNotContain("KH giao", chat.LastText, StringComparison.Ordinal);

        var first = await Run(host, "targets", "import", "--campaign", c.Id, "--file", Write(host, "a.csv", $"don_vi;chi_tieu;kh_giao\n{TargetCampaign.PhucHoaName};doan-vien-moi;37\n"));
        Assert.True(first.ExitCode == 0, first.Errors);
        await chat.Send(goToNewMembers);
        Assert.Contains("KH giao: 37 người", chat.LastText, StringComparison.Ordinal);

        // Changed again while the question is on screen: the answer is measured against the new target.
        var second = await Run(host, "targets", "import", "--campaign", c.Id, "--file", Write(host, "b.csv", $"don_vi;chi_tieu;kh_giao\n{TargetCampaign.PhucHoaName};doan-vien-moi;46\n"));
        Assert.True(second.ExitCode == 0, second.Errors);
        await chat.Say("23");
        Assert.Contains("Đạt 50% so với KH giao (46 người)", chat.LastText, StringComparison.Ordinal);
    }
}
