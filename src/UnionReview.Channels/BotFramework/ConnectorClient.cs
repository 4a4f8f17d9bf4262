using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace UnionReview.Channels.BotFramework;

/// <summary>An error answer of the Bot Connector (or a failure to get a token), with its HTTP status and error code.</summary>
internal sealed class ConnectorException(int statusCode, string? errorCode, string message, TimeSpan? retryAfter) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string? ErrorCode { get; } = errorCode;
    /// <summary>The wait the Connector asked for (Retry-After), if any.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
    /// <summary>Throttling and server errors pass; trying again later may succeed.</summary>
    public bool IsRetriable => StatusCode is 429 or >= 500;
}

/// <summary>
/// A thin client of the Bot Connector API v3: one method per operation the service uses, one
/// <see cref="SendAsync{T}"/> choke point that owns the token, logging, one refresh on 401 and error mapping.
/// </summary>
internal sealed class ConnectorClient(HttpClient http, ConnectorTokenProvider tokens, TimeProvider clock, ILogger<ConnectorClient> logger)
{
    /// <summary>Conversations_ReplyToActivity: POST /v3/conversations/{conversationId}/activities/{activityId}.</summary>
    public Task<ResourceResponse> ReplyToActivityAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var path = $"v3/conversations/{Escape(activity.Conversation?.Id)}/activities/{Escape(activity.ReplyToId)}";
        return SendAsync<ResourceResponse>(HttpMethod.Post, activity.ServiceUrl, path, activity, cancellationToken);
    }

    /// <summary>Conversations_SendToConversation: POST /v3/conversations/{conversationId}/activities.</summary>
    public Task<ResourceResponse> SendToConversationAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var path = $"v3/conversations/{Escape(activity.Conversation?.Id)}/activities";
        return SendAsync<ResourceResponse>(HttpMethod.Post, activity.ServiceUrl, path, activity, cancellationToken);
    }

    /// <summary>Conversations_UploadAttachment: POST /v3/conversations/{conversationId}/attachments; returns the view URL of the original.</summary>
    public async Task<string> UploadAttachmentAsync(string? serviceUrl, string? conversationId, AttachmentData data, CancellationToken cancellationToken)
    {
        var created = await SendAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/attachments", data, cancellationToken);
        if (string.IsNullOrEmpty(created.Id))
        {
            throw new ConnectorException(502, "BadResponse", "upload answered without an id", null);
        }

        return new Uri(BaseOf(serviceUrl), $"v3/attachments/{Uri.EscapeDataString(created.Id)}/views/original").ToString();
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string? serviceUrl, string path, object body, CancellationToken cancellationToken)
    {
        var uri = new Uri(BaseOf(serviceUrl), path);
        var refreshed = false;
        while (true)
        {
            var token = await tokens.GetTokenAsync(refreshed, cancellationToken);
            using var request = new HttpRequestMessage(method, uri) { Content = JsonContent.Create(body, body.GetType(), options: WireJson.Options) };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                if (response.Content.Headers.ContentLength == 0 || response.StatusCode == HttpStatusCode.NoContent)
                {
                    return default(T) ?? throw new ConnectorException((int)response.StatusCode, "BadResponse", "empty answer", null);
                }

                return await response.Content.ReadFromJsonAsync<T>(WireJson.Options, cancellationToken)
                    ?? throw new ConnectorException((int)response.StatusCode, "BadResponse", "empty answer", null);
            }

            // A token the Connector no longer accepts (revoked, clock drift) is renewed once; a second 401 is real.
            if (response.StatusCode == HttpStatusCode.Unauthorized && token is not null && !refreshed)
            {
                logger.LogWarning("Connector refused the token for {Method} {Path}; renewing it once", method, path);
                refreshed = true;
                continue;
            }

            var status = (int)response.StatusCode;
            var error = await ReadErrorAsync(response, cancellationToken);
            logger.LogWarning("Connector answered {Status} {Code} for {Method} {Path}", status, error?.Code, method, path);
            throw new ConnectorException(status, error?.Code, error?.Message ?? $"connector answered {status}", RetryAfterOf(response, clock.GetUtcNow()));
        }
    }

    private static async Task<ErrorBody?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return (await response.Content.ReadFromJsonAsync<ErrorResponse>(WireJson.Options, cancellationToken))?.Error;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The Retry-After header as a delay (seconds or an HTTP date), if present.</summary>
    internal static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    private static Uri BaseOf(string? serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ConnectorException(400, "BadServiceUrl", "the activity has no usable serviceUrl", null);
        }

        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static string Escape(string? segment) =>
        string.IsNullOrEmpty(segment) ? throw new ConnectorException(400, "MissingId", "conversation or activity id missing", null) : Uri.EscapeDataString(segment);
}
