namespace ControlPlane.Wire.Probes;

public enum LinkLayer
{
    InfiniBand,
    Ethernet,
}
