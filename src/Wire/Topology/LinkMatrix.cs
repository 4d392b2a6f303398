namespace ControlPlane.Wire.Topology;

/// <summary>
/// The node's device-to-device link matrix, as <c>nvidia-smi topo -m</c> prints it: <see cref="Devices"/>
/// names rows and columns (<c>GPU0</c>… by host index, then NICs by RDMA device name), and each
/// cell is <c>X</c>, <c>NV#</c>, <c>PIX</c>, <c>PXB</c>, <c>PHB</c>, <c>NODE</c> or <c>SYS</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("cp.LinkMatrix")]
public sealed record LinkMatrix
{
    public static readonly LinkMatrix Empty = new();

    [Id(0)] public string[] Devices { get; set; } = [];

    [Id(1)] public string[][] Links { get; set; } = [];

    public static string GpuName(int index) => "GPU" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public int IndexOf(string device) => Array.IndexOf(Devices, device);

    /// <summary>The link between two named devices, or null when either is not in the matrix.</summary>
    public TopologyLink? Between(string a, string b)
    {
        var i = IndexOf(a);
        var j = IndexOf(b);
        if (i < 0 || j < 0 || i >= Links.Length || j >= Links[i].Length)
        {
            return null;
        }

        return TopologyLink.TryParse(Links[i][j], out var link) ? link : null;
    }

    /// <summary>Field errors: the matrix must be square over <see cref="Devices"/>, with valid, symmetric cells.</summary>
    public IEnumerable<string> Validate()
    {
        if (Links.Length != Devices.Length)
        {
            yield return $"has {Links.Length} rows for {Devices.Length} devices";
            yield break;
        }

        if (NamesADeviceTwice(Devices))
        {
            yield return "names a device twice";
        }

        for (var i = 0; i < Links.Length; i++)
        {
            if (Links[i] is null || Links[i].Length != Devices.Length)
            {
                yield return $"row {i} has {Links[i]?.Length ?? 0} cells for {Devices.Length} devices";
                continue;
            }

            for (var j = 0; j < Links[i].Length; j++)
            {
                if (!TopologyLink.TryParse(Links[i][j], out var link))
                {
                    yield return $"cell [{i}][{j}] '{Links[i][j]}' is not X, NV#, PIX, PXB, PHB, NODE or SYS";
                }
                else if ((i == j) != (link.Kind == LinkKind.Self))
                {
                    yield return $"cell [{i}][{j}] '{Links[i][j]}': X belongs on the diagonal and only there";
                }
            }
        }
    }

    // Pairwise, not Distinct(): a node has a handful of devices, and this runs on every probe report.
    private static bool NamesADeviceTwice(string[] devices)
    {
        for (var i = 1; i < devices.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(devices[i], devices[j], StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
