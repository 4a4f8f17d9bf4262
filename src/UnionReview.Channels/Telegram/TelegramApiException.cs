using Telegram.Bot.Types;

namespace UnionReview.Channels.Telegram;

/// <summary>
/// The Bot API refused a request (<c>ok: false</c>, or a non-JSON HTTP error from a proxy): its error_code,
/// description and parameters, mapped from Telegram.Bot's exceptions by <see cref="TelegramApi"/>. The message never
/// contains the bot token.
/// </summary>
public sealed class TelegramApiException : Exception
{
    public TelegramApiException()
        : this("", 0, "")
    {
    }

    public TelegramApiException(string message)
        : this(message, 0, message)
    {
    }

    public TelegramApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Description = message;
    }

    public TelegramApiException(string method, int errorCode, string description, ResponseParameters? parameters = null)
        : base($"Telegram {method} failed: {errorCode} {description}")
    {
        Method = method;
        ErrorCode = errorCode;
        Description = description;
        Parameters = parameters;
    }

    /// <summary>The Bot API method that failed.</summary>
    public string Method { get; } = "";

    /// <summary>error_code (HTTP-like: 400, 401, 403, 404, 409, 429, 5xx).</summary>
    public int ErrorCode { get; }

    public string Description { get; } = "";

    public ResponseParameters? Parameters { get; }

    /// <summary>How long Telegram asks to wait (429), if it said.</summary>
    public TimeSpan? RetryAfter => Parameters?.RetryAfter is { } s ? TimeSpan.FromSeconds(s) : null;

    /// <summary>The bot was blocked, kicked, or the user is deactivated.</summary>
    public bool IsForbidden => ErrorCode == 403;

    public bool IsTooManyRequests => ErrorCode == 429;

    public bool IsServerError => ErrorCode >= 500;
}
