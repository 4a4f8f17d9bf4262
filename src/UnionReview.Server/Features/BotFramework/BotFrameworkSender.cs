using System.Text.Json;
using Microsoft.Extensions.Options;
using UnionReview.Channels.BotFramework;
using UnionReview.Dialogs.Messages;

namespace UnionReview.Server.Features.BotFramework;

/// <summary>
/// Turns a channel-neutral message into one Bot Framework activity and sends it (a turn's confirmation merged into the
/// message after it): choices as suggested actions
/// (or hero cards on channels without them, such as Teams), a document as an attachment.
/// </summary>
internal sealed class BotFrameworkSender(ConnectorClient connector, IOptions<BotFrameworkOptions> options, ILogger<BotFrameworkSender> logger)
{
    /// <summary>Teams shows at most six buttons on a hero card.</summary>
    private const int ButtonsPerCard = 6;

    /// <summary>The button value key carrying the payload back in the message activity.</summary>
    public const string PayloadKey = "payload";

    /// <summary>Longest text a confirmation is merged into (every channel, Teams and Web Chat among them, shows it as one message).</summary>
    public const int MaxMergedText = 4096;

    /// <summary>A turn's replies as activities: a confirmation goes at the head of the next message (see <see cref="ReplyMerging"/>).</summary>
    public static IReadOnlyList<OutgoingMessage> Merge(IReadOnlyList<OutgoingMessage> replies) => ReplyMerging.Merge(replies, MaxMergedText);

    /// <summary>Replies to <paramref name="template"/>'s replyToId when set, otherwise posts to the conversation.</summary>
    public async Task SendAsync(Activity template, OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(message);
        var activity = await RenderAsync(template, message, cancellationToken);
        if (activity.ReplyToId is not null)
        {
            await connector.ReplyToActivityAsync(activity, cancellationToken);
        }
        else
        {
            await connector.SendToConversationAsync(activity, cancellationToken);
        }
    }

    private async Task<Activity> RenderAsync(Activity template, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var text = message.Text;
        var attachments = new List<Attachment>();
        SuggestedActions? suggested = null;
        var actions = message.Buttons.SelectMany(row => row).Select(ToAction).ToList();
        if (actions.Count > 0)
        {
            if (UsesHeroCards(template.ChannelId))
            {
                attachments.AddRange(actions.Chunk(ButtonsPerCard).Select(chunk => new Attachment
                {
                    ContentType = HeroCard.ContentType,
                    Content = new HeroCard { Buttons = chunk },
                }));
            }
            else
            {
                suggested = new SuggestedActions { To = template.Recipient?.Id is { } to ? [to] : null, Actions = actions };
            }
        }

        if (message.Document is { } document)
        {
            var file = await DocumentAttachmentAsync(template, document, cancellationToken);
            if (file is null)
            {
                text += "\n\n" + BotFrameworkTexts.DocumentNotDelivered(document.FileName);
            }
            else
            {
                attachments.Insert(0, file);
            }
        }

        return template with
        {
            Text = text,
            TextFormat = "plain",
            InputHint = actions.Count > 0 ? "expectingInput" : "acceptingInput",
            SuggestedActions = suggested,
            Attachments = attachments.Count > 0 ? attachments : null,
            AttachmentLayout = attachments.Count > 0 ? "list" : null,
        };
    }

    /// <summary>Whether this channel gets hero cards instead of suggested actions.</summary>
    public bool UsesHeroCards(string? channelId) =>
        channelId is not null && options.Value.HeroCardChannels.Contains(channelId, StringComparer.OrdinalIgnoreCase);

    private static CardAction ToAction(ChatButton button) => new()
    {
        // messageBack shows the label in the chat and returns the payload in the activity's value.
        Type = "messageBack",
        Title = button.Label,
        Text = button.Label,
        DisplayText = button.Label,
        Value = JsonSerializer.SerializeToElement(new Dictionary<string, string> { [PayloadKey] = button.Payload }),
    };

    private async Task<Attachment?> DocumentAttachmentAsync(Activity template, ChatDocument document, CancellationToken cancellationToken)
    {
        if (document.Content.Length <= options.Value.InlineDocumentMaxBytes)
        {
            return new Attachment
            {
                ContentType = document.ContentType,
                Name = document.FileName,
                ContentUrl = $"data:{document.ContentType};base64,{Convert.ToBase64String(document.Content)}",
            };
        }

        try
        {
            var url = await connector.UploadAttachmentAsync(template.ServiceUrl, template.Conversation?.Id,
                new AttachmentData { Type = document.ContentType, Name = document.FileName, OriginalBase64 = document.Content }, cancellationToken);
            return new Attachment { ContentType = document.ContentType, Name = document.FileName, ContentUrl = url };
        }
        catch (ConnectorException e) when (!e.IsRetriable)
        {
            // Channels without an attachment store (Teams among them) refuse uploads; the text says so instead.
            logger.LogWarning("Channel {Channel} refused the upload of {File}: {Status}", template.ChannelId, document.FileName, e.StatusCode);
            return null;
        }
    }

    /// <summary>The payload of a pressed button (messageBack value, card submit data or an invoke's action data).</summary>
    public static string? ReadPayload(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } v)
        {
            return null;
        }

        if (v.TryGetProperty(PayloadKey, out var direct) && direct.ValueKind == JsonValueKind.String)
        {
            return direct.GetString();
        }

        return v.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.Object
            && action.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty(PayloadKey, out var nested) && nested.ValueKind == JsonValueKind.String
            ? nested.GetString()
            : null;
    }
}
