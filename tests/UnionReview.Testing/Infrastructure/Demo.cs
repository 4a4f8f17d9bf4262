namespace UnionReview.Server.Tests.Infrastructure;

/// <summary>Ids of the demo people the service seeds into an empty database.</summary>
public static class Demo
{
    /// <summary>Officer of a grassroots union (CĐCS Trường THPT Thành phố Cao Bằng).</summary>
    public const int GrassrootsOfficer = 1;
    /// <summary>Officer of LĐLĐ Phục Hòa (upper level).</summary>
    public const int UpperLevelOfficer = 2;
    /// <summary>Officer of CĐCS Bệnh viện Đa khoa tỉnh.</summary>
    public const int HospitalOfficer = 3;
    /// <summary>Standing committee member of the provincial federation.</summary>
    public const int CommitteeMember = 4;
    /// <summary>Admin.</summary>
    public const int Admin = 5;
}
