namespace ControlPlane.Wire.Probes;

/// <summary>InfiniBand logical port state (<c>/sys/class/infiniband/*/ports/*/state</c>).</summary>
public enum PortState
{
    Unknown,
    Down,
    Init,
    Armed,
    Active,
    ActiveDefer,
}
