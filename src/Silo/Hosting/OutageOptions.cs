using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Silo.Hosting;

/// <summary>
/// <c>ControlPlane:Outages</c>: how long anything waits on the cluster or its storage before it gives up, so a lost silo
/// or a stopped Redis is answered (503 with <c>Retry-After</c>) instead of hanging on Orleans' 30 s default.
/// </summary>
public sealed class OutageOptions
{
    public const string Section = "ControlPlane:Outages";

    /// <summary>Orleans' <c>ResponseTimeout</c> on silo and client messaging: the longest a grain call waits for its answer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:01:00")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Redis' connect, sync and async timeouts (grain storage, membership, reminders). Shorter than
    /// <see cref="ResponseTimeout"/> so a write that cannot reach Redis fails inside the call that made it, and the caller
    /// hears that failure rather than a timeout after which the write might still land.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:01:00")]
    public TimeSpan StorageTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The <c>Retry-After</c> a 503 carries.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    internal IEnumerable<string> Problems()
    {
        if (StorageTimeout >= ResponseTimeout)
        {
            yield return $"{Section}:{nameof(StorageTimeout)}: must be shorter than {nameof(ResponseTimeout)} ({ResponseTimeout}).";
        }
    }
}
