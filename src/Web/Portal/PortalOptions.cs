using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Web.Portal;

/// <summary><c>ControlPlane:Portal</c>: how often the portal looks at the fleet and how much GPU history it keeps.</summary>
public sealed class PortalOptions
{
    public const string Section = "ControlPlane:Portal";

    /// <summary>How often the fleet snapshot asks each pool what changed (one cheap call per pool): the live pages update at most this often.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan RefreshEvery { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The whole fleet index is read again at least this often (last-seen times and reasons that change no capacity).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FullRefreshEvery { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Samples kept per GPU for the node page's charts (in this process's memory only).</summary>
    [Range(2, 1000)]
    public int HistorySamples { get; set; } = 60;

    /// <summary>Nodes whose GPU history this process keeps; nodes beyond it are admitted when someone opens their page.</summary>
    [Range(1, 100_000)]
    public int HistoryNodes { get; set; } = 256;
}
