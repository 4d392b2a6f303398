namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>
/// How much one diagnosis may keep while it reads, in approximate managed bytes. Every fact that
/// stays after its line is gone (a process, a setting, a channel, an evidence line) is charged here;
/// once the budget is spent, new facts are dropped and only counters move, so memory stays bounded
/// whatever the log's size or shape. Real jobs stay far below it (a rank costs a few kB).
/// </summary>
internal sealed class ScanBudget(long bytes = ScanBudget.DefaultBytes)
{
    public const long DefaultBytes = 64L * 1024 * 1024;

    /// <summary>Longest host name, via path, setting value or version string kept (longer ones are cut).</summary>
    public const int MaxTokenChars = 256;

    private long left = bytes;

    /// <summary>True when some fact was dropped because the budget was spent.</summary>
    public bool Exhausted { get; private set; }

    public bool TryTake(long cost)
    {
        if (cost > left)
        {
            Exhausted = true;
            return false;
        }

        left -= cost;
        return true;
    }

    /// <summary>The managed size of a string of <paramref name="chars"/> characters, roughly.</summary>
    public static long StringCost(int chars) => 24 + 2L * chars;

    public static ReadOnlySpan<char> Clip(ReadOnlySpan<char> token) =>
        token.Length > MaxTokenChars ? token[..MaxTokenChars] : token;
}
