using System.ComponentModel.DataAnnotations;
using Orleans.Configuration;

namespace ControlPlane.Silo.Hosting;

/// <summary>
/// <c>ControlPlane:Membership</c>: how fast the cluster declares a silo dead (Orleans' <see cref="ClusterMembershipOptions"/>).
/// A silo probes its peers every <see cref="ProbeTimeout"/>; after <see cref="NumMissedProbesLimit"/> missed probes in a row
/// it votes the peer dead, and <see cref="NumVotesForDeathDeclaration"/> votes declare it. With the defaults a killed silo
/// is declared in about ProbeTimeout × NumMissedProbesLimit (README: the measured time); Orleans' own defaults take ~15 s+.
/// </summary>
public sealed class MembershipOptions
{
    public const string Section = "ControlPlane:Membership";

    [Range(typeof(TimeSpan), "00:00:00.200", "00:01:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    [Range(1, 10)]
    public int NumMissedProbesLimit { get; set; } = 2;

    /// <summary>Votes that declare a silo dead; a cluster with fewer active silos than this declares with all of them.</summary>
    [Range(1, 10)]
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How long a vote counts: several probe rounds, so the votes of one outage meet.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DeathVoteExpirationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a silo writes its IAmAlive time to the membership table (read by joining silos and clients).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a silo re-reads the membership table in case it missed an update.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long dead silos' rows stay in the table before they are cleaned up.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan DefunctSiloExpiration { get; set; } = TimeSpan.FromHours(1);

    internal void ApplyTo(ClusterMembershipOptions orleans)
    {
        orleans.ProbeTimeout = ProbeTimeout;
        orleans.NumMissedProbesLimit = NumMissedProbesLimit;
        orleans.NumVotesForDeathDeclaration = NumVotesForDeathDeclaration;
        orleans.DeathVoteExpirationTimeout = DeathVoteExpirationTimeout;
        orleans.IAmAliveTablePublishTimeout = IAmAliveTablePublishTimeout;
        orleans.TableRefreshTimeout = TableRefreshTimeout;
        orleans.DefunctSiloExpiration = DefunctSiloExpiration;
        orleans.DefunctSiloCleanupPeriod = DefunctSiloExpiration < TimeSpan.FromHours(1) ? DefunctSiloExpiration : TimeSpan.FromHours(1);
    }
}
