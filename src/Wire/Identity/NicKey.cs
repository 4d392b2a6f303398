namespace ControlPlane.Wire.Identity;

/// <summary>The key of a NIC port grain: <c>node/device:port</c>, e.g. <c>h20-a/mlx5_0:1</c>.</summary>
public static class NicKey
{
    public static string Of(string node, string device, int port) => $"{node}/{device}:{port}";
}
