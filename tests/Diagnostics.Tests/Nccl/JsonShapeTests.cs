using System.Text.Json;
using static ControlPlane.Diagnostics.Tests.Nccl.NcclFixtures;

namespace ControlPlane.Diagnostics.Tests.Nccl;

public sealed class JsonShapeTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [Fact]
    public void Diagnosis_serialises_camelCase_with_the_documented_enum_spellings()
    {
        var json = JsonSerializer.Serialize(Diagnose(P2pDisabled), Web);
        if (Environment.GetEnvironmentVariable("DIAG_DUMP") is { } dir)
        {
            foreach (var f in new[] { Default, P2pDisabled, Watchdog, CudaFailure5090 })
            {
                File.WriteAllText(Path.Combine(dir, Path.GetFileName(f) + ".json"), JsonSerializer.Serialize(Diagnose(f), Web));
            }
        }

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("shm", root.GetProperty("transport").GetString());
        Assert.Equal("shm", root.GetProperty("bandwidthClass").GetProperty("transport").GetString());
        Assert.Equal(28, root.GetProperty("bandwidthClass").GetProperty("lowGBps").GetDouble());
        var finding = root.GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("code").GetString() == "p2p-disabled-by-env");
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        var evidence = finding.GetProperty("evidence")[0];
        Assert.Equal(P2pDisabled, evidence.GetProperty("file").GetString());
        Assert.True(evidence.GetProperty("line").GetInt32() > 0);
        Assert.Equal(1, root.GetProperty("ranks")[1].GetProperty("rank").GetInt32());
        Assert.Equal("70", root.GetProperty("ranks")[1].GetProperty("busId").GetString());
    }

    [Theory]
    [InlineData(NcclTransport.NvLink, "\"nvlink\"")]
    [InlineData(NcclTransport.PcieP2p, "\"pcie-p2p\"")]
    [InlineData(NcclTransport.Rdma, "\"rdma\"")]
    [InlineData(NcclTransport.Tcp, "\"tcp\"")]
    [InlineData(NcclTransport.Unknown, "\"unknown\"")]
    public void Transport_names_are_the_documented_strings(NcclTransport transport, string json) =>
        Assert.Equal(json, JsonSerializer.Serialize(transport, Web));
}
