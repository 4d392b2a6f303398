namespace ControlPlane.Web.Portal.Fleet;

/// <summary>What a bulk cordon or uncordon did to one node: done, or why not (<see cref="Error"/>).</summary>
public sealed record BulkOutcome(string Node, string? Error)
{
    public bool Done => Error is null;
}
