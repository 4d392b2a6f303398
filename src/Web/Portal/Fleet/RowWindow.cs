namespace ControlPlane.Web.Portal.Fleet;

/// <summary>
/// The rows [<see cref="Start"/>, <see cref="End"/>) of a list that the fleet table renders: the visible rows plus
/// an overscan on each side, every row the same height, the rest stood in for by a spacer above and below.
/// </summary>
public readonly record struct RowWindow(int Start, int End)
{
    /// <summary>The most rows one viewport may ask for (about 6,600 px of 33 px rows); more is a bad request, clamped.</summary>
    public const int MaxVisible = 200;

    public int Count => End - Start;

    /// <summary>
    /// The window around <paramref name="first"/> visible row; the browser's numbers may be stale or wrong (negative,
    /// past the end after a filter shrank the list), so each is clamped into the list rather than refused.
    /// </summary>
    public static RowWindow Around(int first, int visible, int total, int overscan)
    {
        total = Math.Max(0, total);
        overscan = Math.Max(0, overscan);
        visible = Math.Clamp(visible, 1, MaxVisible);
        first = Math.Clamp(first, 0, Math.Max(0, total - visible));
        return new RowWindow(Math.Max(0, first - overscan), Math.Min(total, first + visible + overscan));
    }
}
