using System.Numerics;

namespace ControlPlane.Placement;

/// <summary>GPU sets as bitmasks over a node's GPU order (bit i = <c>Gpus[i]</c>); nodes have at most 32 GPUs.</summary>
internal static class GpuSets
{
    public const int MaxGpus = 32;

    public static int Count(uint mask) => BitOperations.PopCount(mask);

    public static uint Lowest(uint mask, int k)
    {
        uint result = 0;
        for (var i = 0; i < k && mask != 0; i++)
        {
            var bit = mask & (uint)-(int)mask;
            result |= bit;
            mask &= ~bit;
        }

        return result;
    }

    public static int[] Indices(uint mask)
    {
        var result = new int[BitOperations.PopCount(mask)];
        for (var i = 0; mask != 0; i++)
        {
            result[i] = BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
        }

        return result;
    }

    public static long Binomial(int n, int k)
    {
        if (k < 0 || k > n)
        {
            return 0;
        }

        long r = 1;
        for (var i = 1; i <= k; i++)
        {
            r = r * (n - k + i) / i;
        }

        return r;
    }

    /// <summary>Every k-subset of <paramref name="mask"/>, lowest indices first.</summary>
    public static List<uint> Subsets(uint mask, int k)
    {
        var bits = Indices(mask);
        var result = new List<uint>((int)Math.Min(Binomial(bits.Length, k), 4096));
        if (k <= 0 || k > bits.Length)
        {
            return result;
        }

        var pick = new int[k];
        for (var i = 0; i < k; i++)
        {
            pick[i] = i;
        }

        while (true)
        {
            uint set = 0;
            foreach (var p in pick)
            {
                set |= 1u << bits[p];
            }

            result.Add(set);
            var j = k - 1;
            while (j >= 0 && pick[j] == bits.Length - k + j)
            {
                j--;
            }

            if (j < 0)
            {
                return result;
            }

            pick[j]++;
            for (var t = j + 1; t < k; t++)
            {
                pick[t] = pick[t - 1] + 1;
            }
        }
    }
}
