using ControlPlane.Bench.ColdStart;
using ControlPlane.Bench.Failover;
using ControlPlane.Bench.Ingest;
using ControlPlane.Bench.Memory;
using ControlPlane.Bench.Place;
using ControlPlane.Bench.PlaceE2e;
using ControlPlane.Bench.Portal;
using ControlPlane.Bench.ScaleOut;

namespace ControlPlane.Bench.All;

/// <summary>What one <c>all</c> run measured; a verb that failed leaves its entry empty and says why in <see cref="Failures"/>.</summary>
public sealed class AllResults(AllSizes sizes)
{
    public AllSizes Sizes { get; } = sizes;

    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    public TimeSpan Elapsed { get; set; }

    public List<IngestResult> Ingest { get; } = [];

    public List<PlaceE2eResult> PlaceE2e { get; } = [];

    public PlaceE2eResult? PlaceE2eSaturated { get; set; }

    public PlaceResult? Place { get; set; }

    public ColdStartResult? ColdStart { get; set; }

    public FailoverResult? Failover { get; set; }

    public PortalResult? Portal { get; set; }

    public ScaleOutResult? ScaleOut { get; set; }

    public GrainMemoryResult? GrainMemory { get; set; }

    public List<string> Failures { get; } = [];

    public Dictionary<string, TimeSpan> Durations { get; } = new(StringComparer.Ordinal);
}
