namespace UnionReview.Channels.Zalo;

/// <summary>
/// The Zalo Bot API refused a request (<c>ok: false</c>, or a non-JSON HTTP error from a proxy): its error_code and
/// description. The message never contains the bot token.
/// </summary>
public sealed class ZaloApiException : Exception
{
    public ZaloApiException()
        : this("", 0, "")
    {
    }

    public ZaloApiException(string message)
        : this(message, 0, message)
    {
    }

    public ZaloApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Description = message;
    }

    public ZaloApiException(string method, int errorCode, string description)
        : base($"Zalo {method} failed: {errorCode} {description}")
    {
        Method = method;
        ErrorCode = errorCode;
        Description = description;
    }

    /// <summary>The Bot API method that failed.</summary>
    public string Method { get; } = "";

    /// <summary>error_code as the guide lists them: 400, 401, 403, 404, 408, 429 (and 5xx from a proxy).</summary>
    public int ErrorCode { get; }

    public string Description { get; } = "";

    /// <summary>The token is invalid or was reset in Zalo Bot Creator.</summary>
    public bool IsUnauthorized => ErrorCode == 401;

    /// <summary>getUpdates: no message arrived within its timeout (not a failure).</summary>
    public bool IsNoUpdate => ErrorCode == 408;

    /// <summary>Quota exceeded: wait and try again later.</summary>
    public bool IsTooManyRequests => ErrorCode == 429;

    /// <summary>The guide lists 403 as an internal error; 5xx come from proxies. Both are worth retrying.</summary>
    public bool IsServerError => ErrorCode == 403 || ErrorCode >= 500;
}
