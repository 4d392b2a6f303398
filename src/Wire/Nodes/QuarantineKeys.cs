namespace ControlPlane.Wire.Nodes;

/// <summary>How a quarantined component is named: <c>gpu:{index}</c>, <c>nic:{device}:{port}</c>.</summary>
public static class QuarantineKeys
{
    public static string Gpu(int index) => $"gpu:{index}";

    public static string Nic(string device, int port) => $"nic:{device}:{port}";
}
