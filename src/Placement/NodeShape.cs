using System.Globalization;
using System.Text;
using ControlPlane.Wire.Placement;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Placement;

/// <summary>
/// Everything about a node that does not change with allocations: GPU link kinds as small arrays,
/// NUMA, NICs and their affinity, versions, the NVLink blocks. Nodes stamped from one hardware/software
/// kind share one shape, so per-shape work (static filters, best GPU choice for a free mask) is done
/// once for thousands of nodes and cached by free mask.
/// </summary>
/// <remarks>
/// Free NVLink group (the fragmentation metric): an aligned block of GPU indices
/// [j·s, (j+1)·s) with s a power of two ≥ 2, in which every pair of GPUs is NV#, and which lies on one
/// NUMA node whenever some NUMA node holds at least s GPUs. Aligned blocks are disjoint per size, like
/// a buddy allocator. <see cref="FreeBlockValue"/> = Σ s² over such blocks entirely free, nested ones
/// included; the engine prefers the choice that loses the least of it, which keeps big islands whole
/// and packs small replicas onto already-broken ones (best fit).
/// </remarks>
public sealed class NodeShape
{
    private readonly byte[] _kind;
    private readonly byte[] _nv;
    private readonly int[] _numa;
    private readonly byte[] _nicRank;
    private readonly (uint Mask, int Size)[] _blocks;
    private readonly Dictionary<ulong, SameNodeOption?> _pairCache = [];
    private readonly Dictionary<ulong, ReplicaOptions> _replicaCache = [];

    internal NodeShape(string key, PlacementNode representative)
    {
        Key = key;
        Representative = representative;
        GpuCount = representative.Gpus.Length;
        var n = GpuCount;
        _kind = new byte[n * n];
        _nv = new byte[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var cell = i < representative.GpuLinks.Length && j < representative.GpuLinks[i].Length ? representative.GpuLinks[i][j] : null;
                var link = i == j ? TopologyLink.Self : TopologyLink.TryParse(cell, out var l) ? l : new TopologyLink(LinkKind.Sys);
                _kind[(i * n) + j] = (byte)link.Kind;
                _nv[(i * n) + j] = (byte)Math.Min(link.NvLinks, 255);
            }
        }

        _numa = [.. representative.Gpus.Select(g => g.Numa ?? -1)];
        Nics = representative.Nics;
        var m = Nics.Length;
        _nicRank = new byte[n * Math.Max(m, 1)];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                var cell = i < representative.GpuNicLinks.Length && j < representative.GpuNicLinks[i].Length ? representative.GpuNicLinks[i][j] : null;
                var kind = TopologyLink.TryParse(cell, out var l) ? l.Kind : LinkKind.Sys;
                _nicRank[(i * m) + j] = (byte)Math.Max(0, KvPath.LinkRank(kind));
            }
        }

        HasRdmaNic = Nics.Any(UsableForRdma);
        MinGpuMemoryGiB = representative.Gpus.Length == 0 ? 0 : representative.Gpus.Min(g => g.MemoryMiB) / 1024.0;
        _blocks = Blocks();
        WholeMask = n >= 32 ? uint.MaxValue : (1u << n) - 1;
    }

    public string Key { get; }

    /// <summary>The first node seen of this shape: static filters and pair filters run on it.</summary>
    public PlacementNode Representative { get; }

    public int GpuCount { get; }
    public uint WholeMask { get; }
    public PlacementNic[] Nics { get; }
    public bool HasRdmaNic { get; }
    public double MinGpuMemoryGiB { get; }

    /// <summary>Schedulable nodes of this shape by free mask (free = healthy and unallocated).</summary>
    internal Dictionary<uint, SortedSet<IndexedNode>> Buckets { get; } = [];

    /// <summary>Nodes of this shape that are not ready, unhealthy or cordoned.</summary>
    internal SortedSet<IndexedNode> Unschedulable { get; } = new(IndexedNode.ByName);

    internal int NodeCount { get; set; }

    public static bool UsableForRdma(PlacementNic nic) => nic.Active && !string.IsNullOrEmpty(nic.RdmaResource);

    public TopologyLink Link(int a, int b) => new((LinkKind)_kind[(a * GpuCount) + b], _nv[(a * GpuCount) + b]);

    /// <summary>Σ s² over the free NVLink groups (see remarks) wholly inside <paramref name="mask"/>.</summary>
    public int FreeBlockValue(uint mask)
    {
        var value = 0;
        foreach (var (block, size) in _blocks)
        {
            if ((mask & block) == block)
            {
                value += size * size;
            }
        }

        return value;
    }

    /// <summary>Disjoint free NVLink groups of exactly <paramref name="tp"/> GPUs inside <paramref name="mask"/> (tp 1: free GPUs).</summary>
    public int FreeNvLinkGroups(uint mask, int tp)
    {
        if (tp <= 1)
        {
            return GpuSets.Count(mask);
        }

        var count = 0;
        foreach (var (block, size) in _blocks)
        {
            if (size == tp && (mask & block) == block)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>+300 when every pair of the group is NV#, +100 when it sits on one NUMA node.</summary>
    public int Locality(uint group)
    {
        var allNv = true;
        var numa = int.MinValue;
        var oneNuma = true;
        for (var a = group; a != 0; a &= a - 1)
        {
            var i = System.Numerics.BitOperations.TrailingZeroCount(a);
            numa = numa == int.MinValue ? _numa[i] : numa;
            oneNuma &= _numa[i] == numa;
            for (var b = a & (a - 1); b != 0; b &= b - 1)
            {
                var j = System.Numerics.BitOperations.TrailingZeroCount(b);
                allNv &= _kind[(i * GpuCount) + j] == (byte)LinkKind.NvLink;
            }
        }

        return (allNv ? ScoreWeights.TpInsideNvLink : 0) + (oneNuma ? ScoreWeights.TpInsideNuma : 0);
    }

    /// <summary>The best same-node pair inside <paramref name="mask"/>, cached per mask; null when it does not fit.</summary>
    public SameNodeOption? BestPair(uint mask, int prefillTp, int decodeTp)
    {
        var key = mask | ((ulong)prefillTp << 32) | ((ulong)decodeTp << 44);
        if (_pairCache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        SameNodeOption? best = null;
        if (GpuSets.Count(mask) >= prefillTp + decodeTp)
        {
            var before = FreeBlockValue(mask);
            foreach (var p in Groups(mask, prefillTp))
            {
                var locP = Locality(p);
                foreach (var d in Groups(mask & ~p, decodeTp))
                {
                    var worst = Worst(p, d);
                    var rank = worst.Kind == LinkKind.NvLink ? KvPath.RankNvLink : worst.IsPcieSwitch ? KvPath.RankPcieSwitch : KvPath.RankHostBridge;
                    var gbps = KvPath.SameNodeGBps(worst);
                    var locality = locP + Locality(d);
                    var loss = before - FreeBlockValue(mask & ~p & ~d);
                    var score = ScoreWeights.PathScore(rank, gbps) + locality - (ScoreWeights.FragmentationPerUnit * loss);
                    if (best is null || score > best.Score)
                    {
                        best = new SameNodeOption(p, d, rank, worst, gbps, locality, loss, score);
                    }
                }
            }
        }

        _pairCache[key] = best;
        return best;
    }

    /// <summary>The best GPUs for one replica of a cross-node pair, per NIC link layer, cached per mask.</summary>
    public ReplicaOptions BestReplica(uint mask, int tp)
    {
        var key = mask | ((ulong)tp << 32);
        if (_replicaCache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        ReplicaOption? ib = null, eth = null, any = null;
        if (GpuSets.Count(mask) >= tp)
        {
            var before = FreeBlockValue(mask);
            foreach (var g in Groups(mask, tp))
            {
                var locality = Locality(g);
                var loss = before - FreeBlockValue(mask & ~g);
                var plain = locality - (ScoreWeights.FragmentationPerUnit * loss);
                if (any is null || plain > any.Score)
                {
                    any = new ReplicaOption(g, -1, KvPath.RankTcp, 0, locality, loss, plain);
                }

                for (var nic = 0; nic < Nics.Length; nic++)
                {
                    if (!UsableForRdma(Nics[nic]))
                    {
                        continue;
                    }

                    var nicRank = NicRank(g, nic);
                    var score = plain + (nicRank <= 2 ? ScoreWeights.NicNearGpus : 0) + (ScoreWeights.BandwidthPerGBps * KvPath.RdmaGBps(Nics[nic].RateGbps)) - nicRank;
                    var option = new ReplicaOption(g, nic, nicRank, Nics[nic].RateGbps, locality, loss, score);
                    if (Nics[nic].LinkLayer == "InfiniBand")
                    {
                        ib = ib is null || score > ib.Score ? option : ib;
                    }
                    else
                    {
                        eth = eth is null || score > eth.Score ? option : eth;
                    }
                }
            }
        }

        var result = new ReplicaOptions(ib, eth, any);
        _replicaCache[key] = result;
        return result;
    }

    /// <summary>The worst GPU→NIC link rank over the group: every rank of the replica sends through this NIC.</summary>
    public int NicRank(uint group, int nic)
    {
        var worst = 0;
        var m = Nics.Length;
        for (var a = group; a != 0; a &= a - 1)
        {
            var i = System.Numerics.BitOperations.TrailingZeroCount(a);
            worst = Math.Max(worst, _nicRank[(i * m) + nic]);
        }

        return worst;
    }

    /// <summary>The worst link between any GPU of <paramref name="a"/> and any of <paramref name="b"/>; NVLink counts the fewest links.</summary>
    public TopologyLink Worst(uint a, uint b)
    {
        var worstRank = -1;
        var worstKind = LinkKind.Self;
        var minNv = int.MaxValue;
        for (var x = a; x != 0; x &= x - 1)
        {
            var i = System.Numerics.BitOperations.TrailingZeroCount(x);
            for (var y = b; y != 0; y &= y - 1)
            {
                var j = System.Numerics.BitOperations.TrailingZeroCount(y);
                var kind = (LinkKind)_kind[(i * GpuCount) + j];
                var rank = KvPath.LinkRank(kind);
                if (rank > worstRank)
                {
                    worstRank = rank;
                    worstKind = kind;
                }

                if (kind == LinkKind.NvLink)
                {
                    minNv = Math.Min(minNv, _nv[(i * GpuCount) + j]);
                }
            }
        }

        return worstKind == LinkKind.NvLink ? new TopologyLink(LinkKind.NvLink, minNv) : new TopologyLink(worstKind);
    }

    /// <summary>Candidate GPU groups: every k-subset when there are few, else the aligned blocks and the lowest k.</summary>
    private List<uint> Groups(uint mask, int k)
    {
        if (GpuSets.Binomial(GpuSets.Count(mask), k) <= 128)
        {
            return GpuSets.Subsets(mask, k);
        }

        var result = new List<uint>();
        for (var start = 0; start + k <= GpuCount; start += k)
        {
            var block = (k >= 32 ? uint.MaxValue : (1u << k) - 1) << start;
            if ((mask & block) == block)
            {
                result.Add(block);
            }
        }

        var lowest = GpuSets.Lowest(mask, k);
        if (!result.Contains(lowest))
        {
            result.Add(lowest);
        }

        return result;
    }

    private (uint, int)[] Blocks()
    {
        var n = GpuCount;
        var perNuma = _numa.GroupBy(x => x).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        var blocks = new List<(uint, int)>();
        for (var size = 2; size <= n; size *= 2)
        {
            for (var start = 0; start + size <= n; start += size)
            {
                var block = (size >= 32 ? uint.MaxValue : (1u << size) - 1) << start;
                var allNv = true;
                for (var i = start; i < start + size; i++)
                {
                    for (var j = i + 1; j < start + size; j++)
                    {
                        allNv &= _kind[(i * n) + j] == (byte)LinkKind.NvLink;
                    }
                }

                var oneNuma = size > perNuma || _numa.Skip(start).Take(size).Distinct().Count() == 1;
                if (allNv && oneNuma)
                {
                    blocks.Add((block, size));
                }
            }
        }

        return [.. blocks];
    }

    /// <summary>What makes two nodes interchangeable for placement: hardware, links, NICs, versions, pool.</summary>
    public static string KeyOf(PlacementNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var sb = new StringBuilder(256);
        sb.Append(node.Pool).Append('|').Append(node.ComputeCapability).Append('|').Append(node.Driver).Append('|')
          .Append(node.Cuda).Append('|').Append(node.Nccl).Append('|').Append(node.Gpus.Length).Append('|');
        foreach (var g in node.Gpus)
        {
            sb.Append(g.Numa?.ToString(CultureInfo.InvariantCulture) ?? "-").Append(':').Append(g.MemoryMiB.ToString(CultureInfo.InvariantCulture)).Append(',');
        }

        foreach (var row in node.GpuLinks)
        {
            sb.Append('|').AppendJoin(' ', row);
        }

        foreach (var nic in node.Nics)
        {
            sb.Append('|').Append(nic.Device).Append(' ').Append(nic.Netdev).Append(' ').Append(nic.Active ? 'A' : 'D').Append(' ')
              .Append(nic.RateGbps.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(nic.RdmaResource).Append(' ').Append(nic.LinkLayer);
        }

        foreach (var row in node.GpuNicLinks)
        {
            sb.Append('|').AppendJoin(' ', row);
        }

        return sb.ToString();
    }
}

/// <summary>A same-node prefill/decode choice: GPU masks, the worst link between them and its score parts.</summary>
public sealed record SameNodeOption(uint Prefill, uint Decode, int Rank, TopologyLink Worst, double GBps, int Locality, int Loss, double Score);

/// <summary>One replica's GPUs for a cross-node pair and the NIC it sends through (-1: none, TCP only).</summary>
public sealed record ReplicaOption(uint Gpus, int Nic, int NicRank, double RateGbps, int Locality, int Loss, double Score);

/// <summary>The best replica choice through an InfiniBand NIC, through a RoCE NIC, and ignoring NICs (for TCP).</summary>
public sealed record ReplicaOptions(ReplicaOption? InfiniBand, ReplicaOption? Ethernet, ReplicaOption? Any);
