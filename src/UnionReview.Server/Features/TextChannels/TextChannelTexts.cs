namespace UnionReview.Server.Features.TextChannels;

/// <summary>Vietnamese texts shared by the text-only channels.</summary>
internal static class TextChannelTexts
{
    public const string CommandsLine = "Gõ lệnh:";
}
