using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Charts;
using UnionReview.Server.Features.Indicators;
using UnionReview.Server.Features.Proposals;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Digest;

/// <summary>A unit's line in the digest.</summary>
public sealed record DigestUnit(int UnitId, string Name, ReportStatus Status, int Percent, DateOnly? DueOn, int DaysOverdue, int GroupId)
{
    public bool Overdue => DaysOverdue > 0;
}

/// <summary>Progress of the units under one upper-level unit.</summary>
public sealed record DigestGroup(int UnitId, string Name, int Submitted, int Total);

/// <summary>What changed since the previous digest.</summary>
public sealed record DigestChanges(IReadOnlyList<string> Submitted, IReadOnlyList<string> Returned, IReadOnlyList<string> Started, IReadOnlyList<string> BecameOverdue, IReadOnlyList<(string Unit, int Answers)> MostActive)
{
    public bool Any => Submitted.Count + Returned.Count + Started.Count + BecameOverdue.Count + MostActive.Count > 0;
}

/// <summary>The committee's digest as data: figures first, so tests can hold them against the database.</summary>
public sealed record DigestReport(
    Campaign? Campaign,
    DateOnly Today,
    DateTimeOffset Since,
    IReadOnlyList<(string Level, DateOnly Due)> Deadlines,
    IReadOnlyList<DigestUnit> Units,
    IReadOnlyList<DigestGroup> Groups,
    IReadOnlyList<IndicatorTable>? Tables,
    IReadOnlyList<ProposalSummary>? Proposals,
    DigestChanges Changes)
{
    /// <summary>Reports submitted by the end of each day from the campaign's start (at most 60 days), for the progress chart.</summary>
    public IReadOnlyList<ProgressPoint> Progress { get; init; } = [];

    public int Submitted => Units.Count(u => u.Status == ReportStatus.Submitted);
    public int InProgress => Units.Count(u => u.Status is ReportStatus.InProgress or ReportStatus.Returned);
    public int NotStarted => Units.Count(u => u.Status == ReportStatus.NotStarted);
    public int Overdue => Units.Count(u => u.Overdue);
}
