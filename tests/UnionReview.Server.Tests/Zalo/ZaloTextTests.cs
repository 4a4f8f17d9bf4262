using Microsoft.EntityFrameworkCore;
using UnionReview.Channels.Tests.Zalo.Fake;
using UnionReview.Dialogs;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Outbox;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Features.Schedules;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;
using static UnionReview.Server.Tests.Schedules.ScheduleSteps;

namespace UnionReview.Server.Tests.Zalo;

/// <summary>Long guidance shortened with /xemthem to see it whole; a reminder queued before a restart reaching Zalo once.</summary>
public sealed class ZaloTextTests : IAsyncLifetime
{
    private FakeZaloApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeZaloApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Long_guidance_is_shortened_and_xemthem_sends_it_whole_within_the_limit_without_changing_what_numbers_mean()
    {
        await using var host = new ServiceHost(settings: ZaloUser.Settings(_fake, "Polling"), kestrel: true);
        var officer = new ZaloUser(host, _fake, "z-guidance");
        await officer.LinkTo(Demo.HospitalOfficer);
        var section = host.Get<OutlineCatalog>().All.SelectMany(o => o.Sections).First(s => s.Code == "II.1");
        Assert.True(section.Guidance.Sum(g => g.Length) > 1_000);

        await officer.Say("/baocao");
        await officer.Say("/muc");
        await officer.Press(section.Code);
        var question = officer.LastText;
        Assert.Contains(DialogTexts.GuidanceTitle, question, StringComparison.Ordinal);
        Assert.Contains("gõ /xemthem để xem đầy đủ", question, StringComparison.Ordinal);
        // Every point is there by its beginning, the long ones cut short: the guidance takes at most the threshold.
        var shown = question.Split('\n').Where(l => l.StartsWith("• ", StringComparison.Ordinal)).ToList();
        Assert.Equal(section.Guidance.Select(g => "• " + g[..20]), shown.Select(l => l[..22]));
        Assert.Contains(section.Guidance, g => !question.Contains(g, StringComparison.Ordinal));
        Assert.InRange(shown.Sum(l => l.Length + 1), 200, UnionReview.Server.Features.TextChannels.TextRenderer.GuidanceLimit);
        var current = (await Answerer.CurrentQuestion(host, Demo.HospitalOfficer))!;
        Assert.Equal(section.Id, current.SectionId);

        await officer.Say("/xemthem");
        var whole = string.Join("\n", officer.Last.Select(m => m.Text));
        Assert.All(section.Guidance, g => Assert.Contains("• " + g, whole, StringComparison.Ordinal));
        Assert.All(officer.Last, m => Assert.InRange(m.Text.Length, 1, FakeZaloApi.MaxText));
        // No turn was taken: the question is the same, and typing /xemthem again gives the same text.
        Assert.Equal(current.Id, (await Answerer.CurrentQuestion(host, Demo.HospitalOfficer))?.Id);
        await officer.Say("/XEMTHEM");
        Assert.Equal(whole, string.Join("\n", officer.Last.Select(m => m.Text)));

        // The question is answered as before; the next one has no shortened guidance, and /xemthem says so.
        await Answerer.AnswerCurrent(officer, current);
        Assert.NotEqual(current.Id, (await Answerer.CurrentQuestion(host, Demo.HospitalOfficer))?.Id);
        await officer.Say("/xemthem");
        Assert.Contains("Không có nội dung nào đang rút gọn", officer.LastText, StringComparison.Ordinal);
        Assert.Empty(_fake.Violations);
    }

    [Fact]
    public async Task A_reminder_queued_before_a_restart_reaches_the_officer_in_zalo_once_and_its_number_continues_the_report()
    {
        await using var host = new ServiceHost(settings: ZaloUser.Settings(_fake, "Polling"), kestrel: true);
        host.Clock.Set(At(11, 17, 10));
        var officer = new ZaloUser(host, _fake, "z-reminded");
        await officer.LinkTo(Demo.GrassrootsOfficer);
        await officer.Say("/baocao");
        await Answerer.AnswerCurrent(officer, (await Answerer.CurrentQuestion(host, Demo.GrassrootsOfficer))!);
        var current = (await Answerer.CurrentQuestion(host, Demo.GrassrootsOfficer))!;

        // Zalo refuses the first attempt (quota): the reminder waits in the outbox, and the service stops.
        _fake.RefuseNextSends = 1;
        host.Clock.Set(At(11, 18, 8));
        await host.Get<ScheduleRunner>().RunRemindersAsync(CancellationToken.None);
        await FakeZaloApi.WaitUntilAsync(() => host.OpenDb().Outbox.Any(o => o.Channel == ChannelNames.Zalo && o.Attempts == 1), ZaloUser.Wait, "the refused attempt");
        await host.Stop();
        var before = _fake.BotMessages("z-reminded").Count;

        // A new service over the same file sends it once the quota wait is over.
        host.Start();
        host.Clock.Advance(TimeSpan.FromSeconds(31));
        await FakeZaloApi.WaitUntilAsync(() => host.OpenDb().Outbox.Single(o => o.Channel == ChannelNames.Zalo && o.DedupeKey!.StartsWith("reminder:")).Status == OutboxStatus.Sent, ZaloUser.Wait, "the reminder sent");
        Assert.Equal(0, await host.Get<OutboxDispatcher>().DispatchDueAsync(100, CancellationToken.None));
        var reminders = _fake.BotMessages("z-reminded").Skip(before).ToList();
        var reminder = Assert.Single(reminders);
        Assert.Contains("Hạn nộp: 25/11/2026 (còn 7 ngày).", reminder.Text, StringComparison.Ordinal);
        Assert.Equal(1, _fake.TooManyRequests);

        // Its button, typed as its number, continues exactly where the officer stopped.
        var key = System.Text.RegularExpressions.Regex.Match(reminder.Text, @"(?m)^(m?\d+)\. ").Groups[1].Value;
        await officer.Say(key);
        Assert.Contains(current.Prompt, officer.LastText, StringComparison.Ordinal);
        await using var db = host.OpenDb();
        Assert.Equal(1, await db.Outbox.CountAsync(o => o.DedupeKey!.StartsWith("reminder:") && o.PersonId == Demo.GrassrootsOfficer));
        Assert.Empty(_fake.Violations);
    }
}
