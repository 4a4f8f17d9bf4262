using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Reports;

namespace UnionReview.Server.Tests.Infrastructure;

/// <summary>Answers whatever question a person's conversation is on, the way an officer would type it.</summary>
public static class Answerer
{
    public static async Task<QuestionDefinition?> CurrentQuestion(ServiceHost host, int personId)
    {
        await using var db = host.OpenDb();
        var conversation = await db.Conversations.SingleAsync(c => c.PersonId == personId);
        var state = StoredJson.Read<DialogState>(conversation.DialogState);
        var report = await db.Reports.SingleAsync(r => r.Id == conversation.ReportId);
        var campaign = await db.Campaigns.SingleAsync(c => c.Id == report.CampaignId);
        return state.Mode is DialogMode.Answering or DialogMode.ConfirmFigure ? host.Get<OutlineCatalog>().Get(campaign.OutlineId).FindQuestion(state.QuestionId) : null;
    }

    /// <summary>Typed answers per kind; text answers go in two messages and end with "xong".</summary>
    public static async Task AnswerCurrent(IChatParticipant chat, QuestionDefinition q)
    {
        switch (q.Kind)
        {
            case QuestionKind.Text:
                await chat.Say($"Trả lời cho {q.Id}: phần thứ nhất.");
                await chat.Say("Phần thứ hai của câu trả lời.");
                await chat.Say("xong");
                break;
            case QuestionKind.Money:
                await chat.Say("1,5 triệu");
                break;
            case QuestionKind.Number:
            case QuestionKind.Indicator:
                await chat.Say("12");
                if (chat.LastText.Contains("khác thường", StringComparison.Ordinal))
                {
                    await chat.Press("Đúng, giữ số này");
                }

                break;
            case QuestionKind.Choice:
                await chat.Say("1");
                break;
            case QuestionKind.YesNo:
                await chat.Press("Có");
                break;
        }
    }

    /// <summary>Answers every question from where the conversation is until the outline is finished.</summary>
    public static async Task<int> AnswerAll(ServiceHost host, IChatParticipant chat, int personId, int limit = 500)
    {
        var count = 0;
        while (await CurrentQuestion(host, personId) is { } q && count++ < limit)
        {
            await AnswerCurrent(chat, q);
        }

        return count;
    }
}
