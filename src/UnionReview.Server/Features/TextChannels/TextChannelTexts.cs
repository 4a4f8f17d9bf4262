namespace UnionReview.Server.Features.TextChannels;

/// <summary>Vietnamese texts shared by the text-only channels.</summary>
internal static class TextChannelTexts
{
    public const string CommandsLine = "Gõ lệnh:";

    public const string GuidanceShortened = $"(Nội dung trên đã rút gọn; gõ {TextRenderer.MoreCommand} để xem đầy đủ.)";

    public const string NothingMore = "Không có nội dung nào đang rút gọn. Gõ /tiep để xem câu hỏi đang làm.";
}
