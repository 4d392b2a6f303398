using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Grains.Gpus;

/// <summary><c>ControlPlane:Gpus</c>: when a GPU UUID may move from the node that reports it to another.</summary>
public sealed class GpuIdentityOptions
{
    public const string Section = "ControlPlane:Gpus";

    /// <summary>
    /// Another node may take a GPU its owner still lists only once the owner has not reported for this long
    /// (the hardware moved while the old node was down). A GPU the owner no longer lists moves at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MoveAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many moves and refused claims a GPU's history keeps.</summary>
    [Range(1, 1000)]
    public int ClaimHistoryLimit { get; set; } = 50;
}
