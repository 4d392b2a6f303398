using System.Collections.Immutable;

namespace ControlPlane.Probes.Smi;

/// <summary>A line of <c>nvidia-smi -L</c>: "GPU 0: NVIDIA H200 (UUID: GPU-...)".</summary>
/// <param name="Index">The index as that process sees it (containers renumber from 0).</param>
/// <param name="Section">The "# ..." comment above the line in concatenated captures, else null.</param>
public sealed record ListedGpu(int Index, string Name, string Uuid, string? Section);

/// <summary>The parsed output of <c>nvidia-smi -L</c>, possibly several captures separated by "# ..." comments.</summary>
public sealed record GpuList(ImmutableArray<ListedGpu> Gpus)
{
    /// <summary>The comment headings in order; empty for a plain capture.</summary>
    public ImmutableArray<string> Sections => [.. Gpus.Select(g => g.Section).OfType<string>().Distinct()];
}
