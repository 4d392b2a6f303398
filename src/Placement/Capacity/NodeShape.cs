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
/// included; <see cref="FragmentationScore"/> prefers the choice that loses the least of it, which keeps big islands whole
/// and packs small replicas onto already-broken ones (best fit).
/// </remarks>
internal sealed class NodeShape
{
    private readonly byte[] _kind;
    private readonly byte[] _nv;
    private readonly int[] _numa;
    private readonly byte[] _nicRank;
    private readonly NvLinkBlock[] _blocks;
    private ShapeChoices? _choices;

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

    /// <summary>Whether every pair of the group is NV# (one NVLink island) and whether it sits on one NUMA node.</summary>
    public GroupLocality LocalityOf(uint group)
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

        return new GroupLocality(allNv, oneNuma);
    }

    /// <summary>The GPU choices of this shape scored by <paramref name="profile"/>, cached per free mask (a new profile starts a new cache).</summary>
    internal ShapeChoices ChoicesFor(PlacementProfile profile)
    {
        if (_choices?.Profile != profile)
        {
            _choices = new ShapeChoices(this, profile);
        }

        return _choices;
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
    internal List<uint> Groups(uint mask, int k)
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

    private NvLinkBlock[] Blocks()
    {
        var n = GpuCount;
        var perNuma = _numa.GroupBy(x => x).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        var blocks = new List<NvLinkBlock>();
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
                    blocks.Add(new NvLinkBlock(block, size));
                }
            }
        }

        return [.. blocks];
    }
}

/// <summary>An aligned block of GPU indices that is a free NVLink group when all its GPUs are free (see <see cref="NodeShape"/>).</summary>
internal readonly record struct NvLinkBlock(uint Mask, int Size);

/// <summary>Where a TP group sits: inside one NVLink island (every pair NV#), on one NUMA node.</summary>
internal readonly record struct GroupLocality(bool AllNvLink, bool OneNuma);
