using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Grains.Incidents;

/// <summary><c>ControlPlane:Failover</c>: correlation, storm protection and rate limits of automatic failover.</summary>
public sealed class FailoverOptions
{
    public const string Section = "ControlPlane:Failover";

    /// <summary>Off: signals still open incidents, but nothing is quarantined or replaced automatically.</summary>
    public bool Automatic { get; set; } = true;

    /// <summary>The same NIC or node blamed across different pairs within this window is one incident blaming that component.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CorrelationWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>More than this share of a pool's nodes going bad within <see cref="StormWindow"/> is a fabric incident.</summary>
    [Range(0.01, 1.0)]
    public double StormShare { get; set; } = 0.10;

    /// <summary>A storm needs at least this many bad nodes (10 % of a small pool is less than one node).</summary>
    [Range(1, 100_000)]
    public int StormMinNodes { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StormWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>At most this many automatic quarantines per minute, fleet-wide; beyond it incidents ask for a person.</summary>
    [Range(1, 100_000)]
    public int MaxQuarantinesPerMinute { get; set; } = 120;

    /// <summary>How often an incident retries a failover that storage or a node could not serve.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan RetryEvery { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>An incident Open and untouched this long (its silo was lost mid-way) is driven again by the listing's reminder.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StalledAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The incident listing keeps this many (the oldest closed ones go first).</summary>
    [Range(100, 1_000_000)]
    public int DirectoryLimit { get; set; } = 20_000;
}
