using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Kubernetes;

/// <summary>
/// One placed pair as rendered: the unit its objects are named and labelled by, and the index it serves at (null for a
/// warm spare, whose objects are rendered but which the router and the endpoints leave out).
/// </summary>
public sealed record RenderUnit(PairUnit Unit, int? Index, PairPlacement Placement)
{
    /// <summary>A recorded pair (serving at its index) or spare (<paramref name="spare"/>: serving nowhere).</summary>
    public static RenderUnit Of(PairView pair, bool spare = false) => new(PairUnit.Of(pair), spare ? null : pair.Index, pair.Placement);
}
