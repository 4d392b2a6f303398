using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Grains.Deployments;

/// <summary><c>ControlPlane:Deployments</c>: how often a deployment looks at its pods and retries what the API server refused.</summary>
public sealed class DeploymentOptions
{
    public const string Section = "ControlPlane:Deployments";

    /// <summary>How often a deployment lists its pods (level-triggered) while it has objects in a cluster.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Also watch the pods (edge-triggered): a change is looked at at once, the resync remains the safety net.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>First wait before applying again after the API server refused; doubles up to <see cref="ApplyRetryMax"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan ApplyRetryInitial { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan ApplyRetryMax { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// While a deployment has work (pods to follow, an apply or delete to retry) a reminder wakes it this often, so a
    /// lost silo does not leave it waiting for a call; Orleans' shortest reminder period is one minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan WakeUpEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A Running pair whose pod is not Ready for this long is Degraded.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan DegradedAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A pod of the deployment still terminating this long after its grace period ended is force-deleted: its kubelet
    /// (a dead or unreachable node) will never confirm it, and the API server keeps it Terminating until then.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ForceDeleteAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Errors in words, for <c>Validate(...)</c> at start-up.</summary>
    public IEnumerable<string> Problems()
    {
        if (ApplyRetryMax < ApplyRetryInitial)
        {
            yield return $"{Section}:{nameof(ApplyRetryMax)}: {ApplyRetryMax} is shorter than {nameof(ApplyRetryInitial)} ({ApplyRetryInitial}).";
        }
    }
}
