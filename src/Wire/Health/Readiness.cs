namespace ControlPlane.Wire.Health;

/// <summary>Whether the node's agent is still reporting: Unknown after a few missed heartbeats, then NotReady.</summary>
public enum Readiness
{
    Ready,
    Unknown,
    NotReady,
}
