namespace UnionReview.Channels.BotFramework;

/// <summary>Bot Framework settings (section "BotFramework"). The password comes from the environment, never a file.</summary>
public sealed class BotFrameworkOptions
{
    public const string Section = "BotFramework";

    /// <summary>The Azure Bot's Microsoft App ID. Empty: authentication is off (Emulator on loopback or in Development only).</summary>
    public string? MicrosoftAppId { get; set; }

    /// <summary>The app's client secret (environment variable BotFramework__MicrosoftAppPassword).</summary>
    public string? MicrosoftAppPassword { get; set; }

    /// <summary>Tenant of a single-tenant app; empty for a multi-tenant app.</summary>
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>Token endpoint for outgoing calls; "{tenant}" becomes the tenant id (botframework.com for a multi-tenant app).</summary>
    public string TokenEndpoint { get; set; } = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token";

    /// <summary>Scope requested for the Connector token.</summary>
    public string OAuthScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Outgoing tokens are renewed this long before they expire.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>OpenID metadata document that names the keys the Bot Connector signs its requests with.</summary>
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Refuse metadata and key documents served over plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Issuer of tokens on incoming requests.</summary>
    public string Issuer { get; set; } = "https://api.botframework.com";

    /// <summary>Clock skew allowed when checking token lifetimes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long fetched signing keys are used before they are fetched again.</summary>
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A token with an unknown key id refetches the keys at most this often.</summary>
    public TimeSpan MinimumKeyRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Channels that do not show suggested actions; choices go as a hero card there.</summary>
    public IList<string> HeroCardChannels { get; set; } = ["msteams"];

    /// <summary>Time allowed for sending the replies to one activity; what is left then goes through the outbox.</summary>
    public TimeSpan ReplyBudget { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Documents up to this size travel inside the activity; larger ones are uploaded to the channel first.</summary>
    public int InlineDocumentMaxBytes { get; set; } = 180_000;

    /// <summary>Whether incoming requests must carry a Bot Connector token.</summary>
    public bool AuthenticationEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    /// <summary>The token endpoint in effect.</summary>
    public Uri EffectiveTokenEndpoint => new(TokenEndpoint.Replace("{tenant}",
        Uri.EscapeDataString(string.IsNullOrWhiteSpace(MicrosoftAppTenantId) ? "botframework.com" : MicrosoftAppTenantId.Trim()), StringComparison.Ordinal));

    /// <summary>Problems with these settings, in Vietnamese, empty when they are usable.</summary>
    public IEnumerable<string> Validate()
    {
        if (AuthenticationEnabled && string.IsNullOrWhiteSpace(MicrosoftAppPassword))
        {
            yield return "BotFramework:MicrosoftAppPassword chưa được đặt (biến môi trường BotFramework__MicrosoftAppPassword) trong khi đã có MicrosoftAppId.";
        }

        foreach (var (name, value) in new[] { ("OpenIdMetadataUrl", OpenIdMetadataUrl), ("TokenEndpoint", TokenEndpoint) })
        {
            if (!(Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0))
            {
                yield return $"BotFramework:{name} phải là một địa chỉ http(s) đầy đủ.";
            }
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(15))
        {
            yield return "BotFramework:ClockSkew phải trong khoảng 0 đến 15 phút.";
        }

        if (ReplyBudget <= TimeSpan.Zero)
        {
            yield return "BotFramework:ReplyBudget phải lớn hơn 0.";
        }
    }
}
