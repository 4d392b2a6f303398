namespace ControlPlane.Bench.Place;

/// <summary>One fleet filled by the engine and the two baselines.</summary>
public sealed record PlaceResult(int Nodes, PlacerRun Engine, PlacerRun FirstFit, PlacerRun DevicePlugin);
