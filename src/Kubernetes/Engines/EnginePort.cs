namespace ControlPlane.Kubernetes;

/// <summary>A port an engine listens on, as the pod declares it and its pair's Service exposes it.</summary>
internal readonly record struct EnginePort(string Name, int Number);
