namespace ControlPlane.Web.Apis.Paging;

/// <summary>A validated page request: at most <see cref="Limit"/> items after the keys <see cref="After"/> (empty: from the start).</summary>
internal sealed record PageRequest(int Limit, string[] After)
{
    public bool FromStart => After.Length == 0;
}
