using ControlPlane.Bench.PlaceE2e;

namespace ControlPlane.Bench.ScaleOut;

/// <summary>The same ingestion and place-e2e load on a cluster of one silo and of three, on Redis.</summary>
public sealed record ScaleOutResult(int Nodes, ClusterIngestResult IngestOne, ClusterIngestResult IngestThree, PlaceE2eResult E2eOne, PlaceE2eResult E2eThree)
{
    public double IngestRatio => IngestThree.ReportsPerSecond / IngestOne.ReportsPerSecond;

    public double E2eRatio => E2eThree.DeploymentsPerSecond / E2eOne.DeploymentsPerSecond;

    public bool Passed => E2eOne.Passed && E2eThree.Passed;
}
