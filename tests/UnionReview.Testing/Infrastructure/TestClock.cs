namespace UnionReview.Server.Tests.Infrastructure;

/// <summary>A clock the test moves by hand; starts at a fixed instant.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    /// <summary>21/11/2026 09:00 in Hà Nội.</summary>
    public TestClock()
        : this(new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public override TimeZoneInfo LocalTimeZone => _zone;

    public void Advance(TimeSpan by) => _now += by;

    public void Set(DateTimeOffset to) => _now = to;
}
