namespace ControlPlane.Contracts.Probes;

public enum LinkLayer
{
    InfiniBand,
    Ethernet,
}
