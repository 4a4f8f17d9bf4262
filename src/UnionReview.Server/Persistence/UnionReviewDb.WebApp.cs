using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.WebApp;

namespace UnionReview.Server.Persistence;

public sealed partial class UnionReviewDb
{
    public DbSet<SignInLink> SignInLinks => Set<SignInLink>();
    public DbSet<WebSecurityStamp> WebSecurityStamps => Set<WebSecurityStamp>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
}
