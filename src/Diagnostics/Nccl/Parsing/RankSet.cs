using System.Numerics;

namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>
/// Ranks as a bitset: a rank that talks to every other rank of a 4,096-rank job costs 512 bytes,
/// not a tree node per peer. Growth is charged to the scan's budget; a rank it cannot afford is dropped.
/// </summary>
internal sealed class RankSet
{
    // Ranks above this are not NCCL ranks but junk that happened to parse as a number.
    private const int MaxRank = 1 << 20;

    private ulong[] words = [];

    public int Count { get; private set; }

    public bool Add(int rank, ScanBudget budget)
    {
        if (rank is < 0 or >= MaxRank)
        {
            return false;
        }

        var word = rank >> 6;
        if (word >= words.Length)
        {
            var grown = Math.Max(word + 1, words.Length * 2);
            if (!budget.TryTake(8L * (grown - words.Length)))
            {
                return false;
            }

            Array.Resize(ref words, grown);
        }

        var bit = 1UL << (rank & 63);
        if ((words[word] & bit) != 0)
        {
            return false;
        }

        words[word] |= bit;
        Count++;
        return true;
    }

    public bool Contains(int rank) =>
        rank >= 0 && rank >> 6 < words.Length && (words[rank >> 6] & (1UL << (rank & 63))) != 0;

    /// <summary>The ranks in ascending order.</summary>
    public IEnumerable<int> Ascending()
    {
        for (var w = 0; w < words.Length; w++)
        {
            var bits = words[w];
            while (bits != 0)
            {
                var bit = BitOperations.TrailingZeroCount(bits);
                yield return (w << 6) + bit;
                bits &= bits - 1;
            }
        }
    }
}
